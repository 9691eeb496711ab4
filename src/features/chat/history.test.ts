import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { ChatHistory, type Conversation } from './history';

const conversation = (id: string, updatedAt: number): Conversation => ({
  id,
  title: `chat ${id}`,
  model: 'dev-echo',
  workerId: 'ab'.repeat(32),
  createdAt: 1,
  updatedAt,
  messages: [
    { id: 'm1', role: 'user', content: 'hello', createdAt: 1, status: 'done' },
    {
      id: 'm2',
      role: 'assistant',
      content: 'hi',
      createdAt: 2,
      status: 'done',
      receipt: { requestId: '00'.repeat(16), tokensIn: 12n, tokensOut: 3n, pricePerMillion: 2_500_000_000n, cost: 37_500n },
    },
  ],
});

describe('ChatHistory (IndexedDB on the device)', () => {
  it('keeps conversations with bigint receipts and lists the newest first', async () => {
    const history = new ChatHistory(`test-${crypto.randomUUID()}`);
    await history.save(conversation('a', 10));
    await history.save(conversation('b', 20));
    const list = await history.list();
    expect(list.map((c) => c.id)).toEqual(['b', 'a']);
    expect(list[0]?.messages[1]?.receipt?.cost).toBe(37_500n);
  });

  it('deletes one conversation, then all of them', async () => {
    const history = new ChatHistory(`test-${crypto.randomUUID()}`);
    await history.save(conversation('a', 10));
    await history.save(conversation('b', 20));
    await history.delete('a');
    expect((await history.list()).map((c) => c.id)).toEqual(['b']);
    await history.deleteAll();
    expect(await history.list()).toEqual([]);
    expect(await history.get('b')).toBeUndefined();
  });
});
