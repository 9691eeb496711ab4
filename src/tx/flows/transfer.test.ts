import { Address, Cell } from '@ton/core';
import { describe, expect, it } from 'vitest';
import { transferRequest } from './transfer';

const target = new Address(0, Buffer.alloc(32, 9));
const eq = target.toString({ bounceable: true, testOnly: true });
const uq = target.toString({ bounceable: false, testOnly: true, urlSafe: true });

describe('a transfer request', () => {
  it('keeps a bounceable address when something is deployed there', () => {
    const request = transferRequest({ to: eq, amount: '1.5' }, { testOnly: true, recipientUninitialized: false });
    expect(request.messages).toEqual([{ address: target.toString({ bounceable: true, testOnly: true, urlSafe: true }), toRaw: target.toRawString(), amount: 1_500_000_000n }]);
    expect(request.summary.toNewWallet).toBeUndefined();
  });

  it('sends non-bounceable to an address with nothing deployed yet, and says so', () => {
    const request = transferRequest({ to: eq, amount: '1' }, { testOnly: true, recipientUninitialized: true });
    expect(request.messages[0]?.address).toBe(uq);
    expect(request.summary).toMatchObject({ to: uq, toNewWallet: 'yes' });
  });

  it('a non-bounceable address stays as it is, with no note', () => {
    const request = transferRequest({ to: uq, amount: '1' }, { testOnly: true, recipientUninitialized: true });
    expect(request.messages[0]?.address).toBe(uq);
    expect(request.summary.toNewWallet).toBeUndefined();
  });

  it('carries a comment as a text comment body', () => {
    const request = transferRequest({ to: uq, amount: '1', comment: 'memo 7' }, { testOnly: true });
    const body = Cell.fromBase64(request.messages[0]?.payload ?? '').beginParse();
    expect([body.loadUint(32), body.loadStringTail()]).toEqual([0, 'memo 7']);
    expect(request.summary.comment).toBe('memo 7');
  });
});
