/** The @ton/test-utils transaction matcher, registered for vitest. */
import { expect } from 'vitest';
import { compareTransactionForTest } from '@ton/test-utils/dist/test/transaction';
import type { FlatTransactionComparable } from '@ton/test-utils';

expect.extend({
  toHaveTransaction(subject: unknown, cmp: FlatTransactionComparable) {
    const r = compareTransactionForTest(subject, cmp);
    return { pass: r.pass, message: () => (r.pass ? r.negMessage() : r.posMessage()) };
  },
});

declare module 'vitest' {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- must match vitest's own declaration
  interface Matchers<T = any> {
    toHaveTransaction(cmp: FlatTransactionComparable): T;
  }
}
