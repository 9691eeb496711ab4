import { Address } from '@ton/core';

export type AddressProblem = 'empty' | 'malformed' | 'checksum' | 'testnet-on-mainnet' | 'workchain';

export class AddressParseError extends Error {
  constructor(
    readonly problem: AddressProblem,
    readonly input: string,
  ) {
    super(`Invalid address "${input}": ${problem}`);
    this.name = 'AddressParseError';
  }
}

export interface ParsedAddress {
  address: Address;
  /** Whether a transfer should bounce back if the recipient cannot take it (from the address flags). */
  bounceable: boolean;
  /** The user-friendly form TON Connect wants, with the flags this network needs. */
  friendly: string;
}

const FRIENDLY = /^[A-Za-z0-9_\-+/]{48}$/;
const RAW = /^-?\d+:[0-9a-fA-F]{64}$/;

/**
 * Parses an address someone pasted. Accepts user-friendly (checksum verified) and raw forms;
 * refuses test-only addresses on mainnet and workchains other than 0 and -1.
 */
export function parseTonAddress(text: string, opts: { testOnly: boolean }): ParsedAddress {
  const input = text.trim();
  if (input === '') throw new AddressParseError('empty', text);
  let address: Address;
  let bounceable: boolean;
  if (RAW.test(input)) {
    address = Address.parseRaw(input);
    // A raw address says nothing about the recipient; a plain transfer must not bounce from a fresh wallet.
    bounceable = false;
  } else if (FRIENDLY.test(input)) {
    let parsed: ReturnType<typeof Address.parseFriendly>;
    try {
      parsed = Address.parseFriendly(input);
    } catch (e) {
      const checksum = e instanceof Error && /checksum/i.test(e.message);
      throw new AddressParseError(checksum ? 'checksum' : 'malformed', text);
    }
    if (parsed.isTestOnly && !opts.testOnly) throw new AddressParseError('testnet-on-mainnet', text);
    address = parsed.address;
    bounceable = parsed.isBounceable;
  } else {
    throw new AddressParseError('malformed', text);
  }
  if (address.workChain !== 0 && address.workChain !== -1) throw new AddressParseError('workchain', text);
  return { address, bounceable, friendly: address.toString({ bounceable, testOnly: opts.testOnly, urlSafe: true }) };
}
