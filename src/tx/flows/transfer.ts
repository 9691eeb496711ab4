import { parseTonAddress } from '../../domain/address';
import { parseUnits } from '../../domain/units';
import { commentPayload } from '../../domain/transfer-link';
import type { TxRequest } from '../runner';

/** A TON transfer, with an optional text comment. Throws AddressParseError / AmountParseError / CommentError on what the person typed. */
export function transferRequest(input: { to: string; amount: string; comment?: string }, opts: { testOnly: boolean }): TxRequest {
  const recipient = parseTonAddress(input.to, opts);
  const amount = parseUnits(input.amount);
  const payload = commentPayload(input.comment ?? '');
  return {
    kind: 'transfer',
    messages: [{ address: recipient.friendly, toRaw: recipient.address.toRawString(), amount, ...(payload ? { payload } : {}) }],
    summary: { to: recipient.friendly, amount, ...(payload ? { comment: input.comment ?? '' } : {}) },
  };
}
