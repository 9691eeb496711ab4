import { parseTonAddress } from '../../domain/address';
import { parseUnits } from '../../domain/units';
import { commentPayload } from '../../domain/transfer-link';
import { chain } from '../../chain/chain';
import { ChainUnreachableError } from '../errors';
import type { TxRequest } from '../runner';

interface TransferInput {
  to: string;
  amount: string;
  comment?: string;
}

/**
 * A TON transfer, with an optional text comment. Throws AddressParseError / AmountParseError /
 * CommentError on what the person typed. `recipientUninitialized`: nothing is deployed at the
 * address yet, so the transfer goes non-bounceable (as wallets do): bounceable, it would only come back.
 */
export function transferRequest(input: TransferInput, opts: { testOnly: boolean; recipientUninitialized?: boolean }): TxRequest {
  const recipient = parseTonAddress(input.to, opts);
  const amount = parseUnits(input.amount);
  const payload = commentPayload(input.comment ?? '');
  const toNewWallet = recipient.bounceable && opts.recipientUninitialized === true;
  const to = toNewWallet ? recipient.address.toString({ bounceable: false, testOnly: opts.testOnly, urlSafe: true }) : recipient.friendly;
  return {
    kind: 'transfer',
    messages: [{ address: to, toRaw: recipient.address.toRawString(), amount, ...(payload ? { payload } : {}) }],
    summary: { to, amount, ...(payload ? { comment: input.comment ?? '' } : {}), ...(toNewWallet ? { toNewWallet: 'yes' } : {}) },
  };
}

/** transferRequest after a look at the recipient on chain (the input is checked first, so a typo never costs a request). */
export async function prepareTransfer(input: TransferInput, opts: { testOnly: boolean }): Promise<TxRequest> {
  // Throws on bad input before any network request.
  const checked = transferRequest(input, opts);
  const recipient = parseTonAddress(input.to, opts);
  if (!recipient.bounceable) return checked;
  const { getAccount } = await chain();
  const account = await getAccount(recipient.address).catch((e: unknown) => {
    throw new ChainUnreachableError(e instanceof Error ? e.message : String(e));
  });
  return transferRequest(input, { ...opts, recipientUninitialized: account.state === 'uninitialized' });
}
