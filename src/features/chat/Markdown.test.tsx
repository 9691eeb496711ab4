import { describe, expect, it } from 'vitest';
import { renderToStaticMarkup } from 'react-dom/server';
import { Markdown } from './Markdown';

const html = (text: string) => renderToStaticMarkup(<Markdown text={text} />);

describe('Markdown from a model', () => {
  it('renders emphasis, lists, inline code and fenced code blocks', () => {
    const out = html('**bold** and `x < y`\n\n```ts\nconst a = 1 < 2;\n```\n\n- one\n- two');
    expect(out).toContain('<strong>bold</strong>');
    expect(out).toContain('x &lt; y</code>');
    expect(out).toMatch(/<pre[^>]*data-lang="ts"[^>]*><code[^>]*>const a = 1 &lt; 2;<\/code><\/pre>/);
    expect(out).toMatch(/<ul[^>]*><li>one<\/li><li>two<\/li><\/ul>/);
  });

  it('never turns model output into HTML: tags come out as text', () => {
    const out = html('<script>alert(1)</script> <img src=x onerror=alert(1)> <b>b</b>');
    expect(out).not.toMatch(/<script|<img|<b>/);
    expect(out).toContain('&lt;script&gt;');
  });

  it('keeps only http(s) links as links and loads no images', () => {
    const out = html('[ok](https://ton.org) [bad](javascript:alert(1)) ![pic](https://evil.example/track.png)');
    expect(out).toContain('href="https://ton.org"');
    expect(out).toContain('rel="noopener noreferrer nofollow"');
    expect(out).not.toContain('javascript:');
    expect(out).not.toContain('<img');
  });
});
