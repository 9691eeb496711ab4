import { Address, Cell } from '@ton/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { commentPayload, CommentError, MAX_COMMENT_BYTES, parseScannedTransfer, TransferLinkError } from './transfer-link';

const alice = new Address(0, Buffer.alloc(32, 7));
const friendly = alice.toString({ testOnly: true, bounceable: false });

const problem = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    if (e instanceof TransferLinkError) return [e.problem, e.param];
    throw e;
  }
  throw new Error('did not throw');
};

describe('a scanned QR code', () => {
  it('may be a bare address, friendly or raw', () => {
    expect(parseScannedTransfer(` ${friendly}\n`)).toEqual({ to: friendly });
    expect(parseScannedTransfer(alice.toRawString())).toEqual({ to: alice.toRawString() });
  });

  it('may be a ton://transfer link with amount in nanoton and a comment', () => {
    expect(parseScannedTransfer(`ton://transfer/${friendly}?amount=1500000000&text=invoice%2042`)).toEqual({ to: friendly, amount: 1_500_000_000n, comment: 'invoice 42' });
    expect(parseScannedTransfer(`ton://transfer/${friendly}`)).toEqual({ to: friendly });
  });

  it('may be the web form of a transfer link', () => {
    expect(parseScannedTransfer(`https://app.tonkeeper.com/transfer/${friendly}?amount=5`)).toEqual({ to: friendly, amount: 5n });
    expect(parseScannedTransfer(`https://tonhub.com/transfer/${friendly}?text=hi`)).toEqual({ to: friendly, comment: 'hi' });
  });

  it('is refused when it is anything else, saying why', () => {
    expect(problem(() => parseScannedTransfer('hello'))).toEqual(['not-transfer', undefined]);
    expect(problem(() => parseScannedTransfer('https://example.com/transfer/' + friendly))).toEqual(['not-transfer', undefined]);
    expect(problem(() => parseScannedTransfer('ton://stake/' + friendly))).toEqual(['not-transfer', undefined]);
    expect(problem(() => parseScannedTransfer('ton://transfer/not-an-address'))).toEqual(['not-transfer', undefined]);
  });

  it('asking for more than a TON transfer is refused whole, naming what', () => {
    expect(problem(() => parseScannedTransfer(`ton://transfer/${friendly}?amount=1&jetton=${friendly}`))).toEqual(['unsupported', 'jetton']);
    expect(problem(() => parseScannedTransfer(`ton://transfer/${friendly}?bin=te6cc`))).toEqual(['unsupported', 'bin']);
    expect(problem(() => parseScannedTransfer(`ton://transfer/${friendly}?init=te6cc`))).toEqual(['unsupported', 'init']);
  });

  it('with a malformed, zero or impossible amount is refused', () => {
    for (const amount of ['1.5', '-1', '0', '1e9', '', '0x10', String(1n << 120n)]) expect(problem(() => parseScannedTransfer(`ton://transfer/${friendly}?amount=${amount}`)), amount).toEqual(['amount', undefined]);
  });

  it('past its expiry is refused', () => {
    const now = new Date('2026-11-25T12:00:00Z');
    const at = Math.floor(now.getTime() / 1000);
    expect(parseScannedTransfer(`ton://transfer/${friendly}?exp=${at + 60}`, now)).toEqual({ to: friendly });
    expect(problem(() => parseScannedTransfer(`ton://transfer/${friendly}?exp=${at - 1}`, now))).toEqual(['expired', undefined]);
    expect(problem(() => parseScannedTransfer(`ton://transfer/${friendly}?exp=soon`, now))).toEqual(['expired', undefined]);
  });

  it('round-trips any address, amount and comment a wallet could put in a link', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.bigInt({ min: 1n, max: (1n << 120n) - 1n }), fc.string({ unit: 'grapheme', maxLength: 200 }), (hash, amount, text) => {
        const to = new Address(0, Buffer.from(hash)).toString({ urlSafe: true, bounceable: true });
        const link = `ton://transfer/${to}?amount=${amount}&text=${encodeURIComponent(text)}`;
        expect(parseScannedTransfer(link)).toEqual({ to, amount, comment: text });
      }),
    );
  });
});

describe('a comment', () => {
  it('becomes a TEP-74 text comment body: op 0, then the text as typed', () => {
    const payload = commentPayload(' Memo 123 · привет ');
    const body = Cell.fromBase64(payload ?? '').beginParse();
    expect(body.loadUint(32)).toBe(0);
    expect(body.loadStringTail()).toBe(' Memo 123 · привет ');
  });

  it('may be empty (no body at all) and is refused when longer than the limit in bytes', () => {
    expect(commentPayload('')).toBeUndefined();
    expect(commentPayload('x'.repeat(MAX_COMMENT_BYTES))).toBeDefined();
    // Cyrillic letters are 2 bytes each in UTF-8: the limit is bytes, not characters.
    expect(() => commentPayload('я'.repeat(MAX_COMMENT_BYTES / 2 + 1))).toThrow(CommentError);
  });
});
