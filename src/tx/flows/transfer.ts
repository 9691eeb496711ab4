import { parseTonAddress } from '../../domain/address';
import { parseUnits } from '../../domain/units';
import type { TxRequest } from '../runner';

/** A plain TON transfer. Throws AddressParseError / AmountParseError on what the person typed. */
export function transferRequest(input: { to: string; amount: string }, opts: { testOnly: boolean }): TxRequest {
  const recipient = parseTonAddress(input.to, opts);
  const amount = parseUnits(input.amount);
  return {
    kind: 'transfer',
    messages: [{ address: recipient.friendly, toRaw: recipient.address.toRawString(), amount }],
    summary: { to: recipient.friendly, amount },
  };
}
