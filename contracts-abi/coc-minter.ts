import { beginCell, contractAddress, Dictionary, SendMode } from '@ton/core';
import type { Contract, ContractProvider, Sender, Slice, Address, Cell } from '@ton/core';
import { sha256 } from '@noble/hashes/sha2.js';
import { Op } from './codes';
import { contractCode } from './code';
import { endParse, expectOp } from './tlb';

export interface CocMinterConfig {
  /** The vault manager: the only address that can ever mint. */
  mintAuthority: Address;
  content: Cell;
  walletCode?: Cell;
}

export interface JettonMetadata {
  name: string;
  symbol: string;
  decimals: number;
  description?: string;
  image?: string;
}

export const cocMetadata: JettonMetadata = {
  name: 'Cocoin',
  symbol: 'COC',
  decimals: 9,
  description: 'TON-backed stablecoin of the Cocoon network, pegged to 1 USD',
};

function snakeText(text: string): Cell {
  // TEP-64 snake data: 0x00 prefix, then the bytes, continued in refs
  const bytes = new TextEncoder().encode(text);
  const chunks: Uint8Array[] = [];
  for (let i = 0, first = 126; i < bytes.length; ) {
    const size = chunks.length === 0 ? first : 127;
    chunks.push(bytes.slice(i, i + size));
    i += size;
  }
  let tail: Cell | null = null;
  for (let i = chunks.length - 1; i >= 0; i--) {
    const b = beginCell();
    if (i === 0) b.storeUint(0, 8);
    b.storeBuffer(Buffer.from(chunks[i] ?? new Uint8Array()));
    if (tail) b.storeRef(tail);
    tail = b.endCell();
  }
  return tail ?? beginCell().storeUint(0, 8).endCell();
}

function metadataKey(name: string): bigint {
  return BigInt('0x' + Buffer.from(sha256(new TextEncoder().encode(name))).toString('hex'));
}

/** TEP-64 on-chain content: onchain#00 data:(HashmapE 256 ^ContentData) = FullContent; */
export function onchainContent(meta: JettonMetadata): Cell {
  const dict = Dictionary.empty(Dictionary.Keys.BigUint(256), Dictionary.Values.Cell());
  const entries: [string, string | undefined][] = [
    ['name', meta.name],
    ['symbol', meta.symbol],
    ['decimals', String(meta.decimals)],
    ['description', meta.description],
    ['image', meta.image],
  ];
  for (const [key, value] of entries) if (value !== undefined) dict.set(metadataKey(key), snakeText(value));
  return beginCell().storeUint(0, 8).storeDict(dict).endCell();
}

/** Reads TEP-64 on-chain content back; throws on off-chain or malformed content. */
export function parseOnchainContent(content: Cell): Record<string, string> {
  const s = content.beginParse();
  if (s.loadUint(8) !== 0) throw new Error('content: not on-chain (prefix 0x00) metadata');
  const dict = s.loadDict(Dictionary.Keys.BigUint(256), Dictionary.Values.Cell());
  const out: Record<string, string> = {};
  for (const key of ['name', 'symbol', 'decimals', 'description', 'image']) {
    const cell = dict.get(metadataKey(key));
    if (!cell) continue;
    const cs = cell.beginParse();
    if (cs.loadUint(8) !== 0) throw new Error(`content ${key}: not snake data`);
    out[key] = cs.loadStringTail();
  }
  return out;
}

/** The COC jetton minter (TEP-74, TEP-89, TEP-64). */
export class CocMinter implements Contract {
  constructor(
    readonly address: Address,
    readonly init?: { code: Cell; data: Cell },
  ) {}

  static createFromAddress(address: Address): CocMinter {
    return new CocMinter(address);
  }

  /** MinterStorage total_supply:Coins mint_authority:MsgAddressInt content:^Cell wallet_code:^Cell */
  static configToCell(c: CocMinterConfig): Cell {
    return beginCell()
      .storeCoins(0)
      .storeAddress(c.mintAuthority)
      .storeRef(c.content)
      .storeRef(c.walletCode ?? contractCode('cocWallet'))
      .endCell();
  }

  static createFromConfig(c: CocMinterConfig, code: Cell = contractCode('cocMinter'), workchain = 0): CocMinter {
    const init = { code, data: CocMinter.configToCell(c) };
    return new CocMinter(contractAddress(workchain, init), init);
  }

  /** COC wallet address of `owner`, computed off-chain the same way the minter does. */
  static walletAddress(minter: Address, owner: Address, walletCode: Cell = contractCode('cocWallet')): Address {
    const data = beginCell().storeCoins(0).storeAddress(owner).storeAddress(minter).endCell();
    return contractAddress(0, { code: walletCode, data });
  }

  /** mint_coc#642b7d07 query_id:uint64 recipient:MsgAddressInt amount:Coins response_destination:MsgAddress = InternalMsgBody; */
  static mintMessage(o: { queryId?: bigint; recipient: Address; amount: bigint; responseTo?: Address | null }): Cell {
    return beginCell()
      .storeUint(Op.mintCoc, 32)
      .storeUint(o.queryId ?? 0n, 64)
      .storeAddress(o.recipient)
      .storeCoins(o.amount)
      .storeAddress(o.responseTo ?? null)
      .endCell();
  }

  /** provide_wallet_address#2c76b973 query_id:uint64 owner_address:MsgAddress include_address:Bool = InternalMsgBody; */
  static provideWalletAddressMessage(o: { queryId?: bigint; owner: Address; includeOwner?: boolean }): Cell {
    return beginCell()
      .storeUint(Op.provideWalletAddress, 32)
      .storeUint(o.queryId ?? 0n, 64)
      .storeAddress(o.owner)
      .storeBit(o.includeOwner ?? false)
      .endCell();
  }

  /** take_wallet_address#d1735400 query_id:uint64 wallet_address:MsgAddress owner_address:(Maybe ^MsgAddress) = InternalMsgBody; */
  static parseTakeWalletAddress(s: Slice): { queryId: bigint; wallet: Address | null; owner: Address | null } {
    expectOp(s, Op.takeWalletAddress, 'take_wallet_address');
    const queryId = s.loadUintBig(64);
    const wallet = s.loadMaybeAddress();
    const ownerCell = s.loadMaybeRef();
    endParse(s, 'take_wallet_address');
    let owner: Address | null = null;
    if (ownerCell) {
      const os = ownerCell.beginParse();
      owner = os.loadAddress();
      endParse(os, 'take_wallet_address owner');
    }
    return { queryId, wallet, owner };
  }

  async sendDeploy(provider: ContractProvider, via: Sender, value: bigint): Promise<void> {
    await provider.internal(via, { value, sendMode: SendMode.PAY_GAS_SEPARATELY });
  }

  async sendMint(provider: ContractProvider, via: Sender, value: bigint, o: Parameters<typeof CocMinter.mintMessage>[0]): Promise<void> {
    await provider.internal(via, { value, sendMode: SendMode.PAY_GAS_SEPARATELY, body: CocMinter.mintMessage(o) });
  }

  async sendProvideWalletAddress(provider: ContractProvider, via: Sender, value: bigint, o: Parameters<typeof CocMinter.provideWalletAddressMessage>[0]): Promise<void> {
    await provider.internal(via, { value, sendMode: SendMode.PAY_GAS_SEPARATELY, body: CocMinter.provideWalletAddressMessage(o) });
  }

  async getJettonData(provider: ContractProvider): Promise<{ totalSupply: bigint; mintable: boolean; mintAuthority: Address; content: Cell; walletCode: Cell }> {
    const { stack } = await provider.get('get_jetton_data', []);
    return {
      totalSupply: stack.readBigNumber(),
      mintable: stack.readBoolean(),
      mintAuthority: stack.readAddress(),
      content: stack.readCell(),
      walletCode: stack.readCell(),
    };
  }

  async getTotalSupply(provider: ContractProvider): Promise<bigint> {
    return (await this.getJettonData(provider)).totalSupply;
  }

  async getWalletAddress(provider: ContractProvider, owner: Address): Promise<Address> {
    const { stack } = await provider.get('get_wallet_address', [{ type: 'slice', cell: beginCell().storeAddress(owner).endCell() }]);
    return stack.readAddress();
  }
}
