import { describe, expect, it } from 'vitest';
import { renderToStaticMarkup } from 'react-dom/server';
import { chatCatalogs, type ChatMessageKey } from './messages';
import { chatErrorText, MessageView } from './MessageView';

const t = (key: ChatMessageKey, values?: Record<string, string | number>) =>
  chatCatalogs.en[key].replace(/\{(\w+)\}/g, (m, name: string) => String(values?.[name] ?? m));

describe('how a failed answer reads', () => {
  it('names the wait for a rate limit, from the relay Retry-After', () => {
    expect(chatErrorText({ code: 'rate_limited', message: 'slow down', retryAfterSeconds: 17 }, t)).toBe('Too many requests. Try again in 17 s.');
  });

  it('says the relay is unreachable and the prompt is kept', () => {
    expect(chatErrorText({ code: 'relay_unreachable', message: 'Failed to fetch' }, t)).toMatch(/Cannot reach the relay.*your prompt is kept/);
  });

  it('shows the code and message of anything else, such as a cut answer', () => {
    expect(chatErrorText({ code: 'chunk_truncated', message: 'the answer ended without its final chunk' }, t)).toBe('The answer failed: the answer ended without its final chunk (chunk_truncated)');
  });

  it('a failed answer offers Retry; a finished one shows its signed receipt', () => {
    const failed = renderToStaticMarkup(<MessageView message={{ id: '1', role: 'assistant', content: '', createdAt: 0, status: 'failed', error: { code: 'relay_unreachable', message: 'x' } }} onRetry={() => undefined} />);
    expect(failed).toContain('Retry');
    const done = renderToStaticMarkup(
      <MessageView
        message={{ id: '2', role: 'assistant', content: 'hi', createdAt: 0, status: 'done', receipt: { requestId: '00', tokensIn: 12n, tokensOut: 3n, pricePerMillion: 1_000_000_000n, cost: 15n } }}
      />,
    );
    expect(done).toContain('12 + 3 tokens · 0.000000015 COC · signed by the worker');
  });
});
