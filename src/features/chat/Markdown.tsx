import { Fragment, type ReactNode } from 'react';
import { marked, type Token, type Tokens } from 'marked';

/**
 * Markdown from a model rendered as React elements, never as HTML: whatever the model writes
 * (<script>, javascript: links, raw HTML) can only ever become text. Only http(s) links are links.
 */
const SAFE_LINK = /^https?:\/\//i;

function inline(tokens: Token[] | undefined): ReactNode {
  return tokens?.map((t, i) => <Fragment key={i}>{renderToken(t)}</Fragment>);
}

function renderToken(token: Token): ReactNode {
  switch (token.type) {
    case 'paragraph':
      return <p className="my-1">{inline((token as Tokens.Paragraph).tokens)}</p>;
    case 'heading': {
      const h = token as Tokens.Heading;
      return <p className={`my-1 font-semibold ${h.depth <= 2 ? 'text-lg' : ''}`}>{inline(h.tokens)}</p>;
    }
    case 'text': {
      const t = token as Tokens.Text;
      return t.tokens ? inline(t.tokens) : t.text;
    }
    case 'strong':
      return <strong>{inline((token as Tokens.Strong).tokens)}</strong>;
    case 'em':
      return <em>{inline((token as Tokens.Em).tokens)}</em>;
    case 'del':
      return <del>{inline((token as Tokens.Del).tokens)}</del>;
    case 'codespan':
      return <code className="rounded bg-tg-secondary-bg px-1 font-mono text-[0.9em]">{(token as Tokens.Codespan).text}</code>;
    case 'code': {
      const c = token as Tokens.Code;
      return (
        <pre className="my-2 overflow-x-auto rounded-lg bg-tg-secondary-bg p-2 text-xs" data-lang={c.lang || undefined}>
          <code className="font-mono">{c.text}</code>
        </pre>
      );
    }
    case 'link': {
      const l = token as Tokens.Link;
      return SAFE_LINK.test(l.href) ? (
        <a href={l.href} target="_blank" rel="noopener noreferrer nofollow" className="text-tg-link underline">
          {inline(l.tokens)}
        </a>
      ) : (
        <span>{inline(l.tokens)}</span>
      );
    }
    case 'list': {
      const l = token as Tokens.List;
      const items = l.items.map((item, i) => <li key={i}>{inline(item.tokens)}</li>);
      return l.ordered ? (
        <ol className="my-1 list-decimal pl-5" start={typeof l.start === 'number' ? l.start : undefined}>
          {items}
        </ol>
      ) : (
        <ul className="my-1 list-disc pl-5">{items}</ul>
      );
    }
    case 'blockquote':
      return <blockquote className="my-1 border-l-2 border-tg-hint pl-2 text-tg-hint">{inline((token as Tokens.Blockquote).tokens)}</blockquote>;
    case 'table': {
      const t = token as Tokens.Table;
      return (
        <div className="my-2 overflow-x-auto">
          <table className="text-xs">
            <thead>
              <tr>
                {t.header.map((cell, i) => (
                  <th key={i} className="px-1 text-left">
                    {inline(cell.tokens)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {t.rows.map((row, r) => (
                <tr key={r}>
                  {row.map((cell, i) => (
                    <td key={i} className="px-1">
                      {inline(cell.tokens)}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      );
    }
    case 'hr':
      return <hr className="my-2 border-tg-separator" />;
    case 'br':
      return <br />;
    case 'escape':
      return (token as Tokens.Escape).text;
    case 'html':
    case 'image':
      // Shown as the text the model wrote: no HTML, no remote images (they would leak the reader's IP).
      return token.raw;
    case 'space':
      return null;
    default:
      return 'raw' in token ? String(token.raw) : null;
  }
}

export function Markdown({ text }: { text: string }) {
  return <div className="break-words text-sm leading-relaxed">{inline(marked.lexer(text))}</div>;
}
