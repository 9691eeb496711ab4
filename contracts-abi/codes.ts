/** Operation codes and exit codes of the Cocoin contracts; contracts/errors.tolk is the other half. */

export const Op = {
  // TEP-74 / TEP-89 (fixed by the standards)
  transfer: 0x0f8a7ea5,
  transferNotification: 0x7362d09c,
  internalTransfer: 0x178d4519,
  excesses: 0xd53276db,
  burn: 0x595f07bc,
  burnNotification: 0x7bdd97de,
  provideWalletAddress: 0x2c76b973,
  takeWalletAddress: 0xd1735400,
  // COC minter
  mintCoc: 0x642b7d07,
  // oracle
  updatePrices: 0x6f726101,
  setFeeders: 0x6f726102,
  setConsumers: 0x6f726103,
  pricesUpdated: 0x6f726110,
  // shared admin
  changeAdmin: 0x61646d01,
  // vault manager, from users
  openVault: 0x766d0006,
  lock: 0x766d0001,
  mint: 0x766d0002,
  withdraw: 0x766d0003,
  close: 0x766d0004,
  liquidate: 0x766d0005,
  setManagerParams: 0x766d0010,
  wireManager: 0x766d0011,
  repayPayload: 0x766d0020,
  redeemPayload: 0x766d0021,
  refused: 0x766d00ff,
  // vault manager <-> vaults, and the owner book
  createVault: 0x76610001,
  applyLock: 0x76610002,
  applyMint: 0x76610003,
  applyWithdraw: 0x76610004,
  applyRepay: 0x76610005,
  applyLiquidation: 0x76610006,
  redeemWalk: 0x76610007,
  mintApproved: 0x76620001,
  mintMoving: 0x76620002,
  collateralReleased: 0x76620003,
  repayDone: 0x76620004,
  vaultLiquidated: 0x76620005,
  walkDone: 0x76620006,
  bookAdd: 0x76630001,
  bookMove: 0x76630002,
  // auction house
  openLot: 0x61680001,
  setAuctionParams: 0x61680010,
  wireAuctionHouse: 0x61680011,
  bidPayload: 0x61680020,
  lotLeftover: 0x61680030,
} as const;

/** Exit codes; a failed message bounces or is refunded, and the transaction carries one of these. */
export const ExitCode = {
  /** The message body has an operation the contract does not know. */
  wrongOp: 0xffff,
  /** Jetton wallet or vault: the sender is not the owner. */
  notOwner: 101,
  /** Jetton wallet: the balance is smaller than the amount to transfer or burn. */
  notEnoughJettons: 102,
  /** Not enough TON attached to pay for the whole chain of messages. */
  notEnoughTon: 103,
  /** Jetton wallet: an internal transfer came from something that is not a COC wallet. */
  invalidWallet: 104,
  /** A destination outside the basechain. */
  wrongWorkchain: 105,
  /** Minter: only the vault manager can mint. */
  notMintAuthority: 106,
  /** Minter: a burn notification that did not come from the burner's own wallet. */
  unauthorizedBurn: 107,
  /** Jetton wallet: a transfer without a forward payload bit (TEP-74 requires Either). */
  invalidPayload: 108,
  /** Only the admin address may change parameters. */
  notAdmin: 110,
  /** Oracle: the update is not newer than the stored prices (old or replayed). */
  updateNotNewer: 111,
  /** Oracle: the update's timestamp is ahead of the chain clock. */
  updateFromFuture: 112,
  /** Oracle: fewer valid feeder signatures than the threshold. */
  notEnoughSignatures: 113,
  /** Oracle: a signature from a key that is not a registered feeder. */
  unknownFeeder: 114,
  /** Oracle: a signature that does not verify. */
  badSignature: 115,
  /** Oracle: a threshold of zero or above the number of feeders. */
  badThreshold: 116,
  /** Manager or auction house used before the deployer wired it to the jetton. */
  notWired: 120,
  /** Wiring is set once (and a vault created once); a second attempt is refused. */
  alreadyWired: 121,
  /** Oracle prices older than the allowed age (10 minutes by default). */
  pricesStale: 122,
  /** Minting is closed while the COC price is below the gate ($1.10 by default). */
  mintGateClosed: 123,
  /** The vault would end below the minimum collateral ratio (200% by default). */
  ratioTooLow: 124,
  /** A vault's debt must be zero or at least the debt floor (10 COC by default). */
  debtFloor: 125,
  /** No live vault with that sequence number (never created, or its debt moved to a newer vault). */
  noVault: 126,
  /** Withdrawal larger than the vault's collateral. */
  notEnoughCollateral: 127,
  /** The vault is at or above the liquidation ratio (150% by default). */
  notLiquidatable: 128,
  /** Closing a vault that still has debt. */
  debtOutstanding: 129,
  /** Prices may only come from the oracle. */
  notFromOracle: 130,
  /** A jetton notification that did not come from the contract's own COC wallet. */
  notFromCocWallet: 131,
  /** Parameters outside their allowed ranges. */
  badParams: 132,
  /** An amount of zero. */
  zeroAmount: 133,
  /** A COC transfer whose forward payload is not a known request. */
  unknownPayload: 134,
  /** A redemption while no vault exists at or after the queue head; the COC comes back. */
  nothingToRedeem: 135,
  /** Auction house: no live lot with that id. */
  lotNotFound: 140,
  /** Auction house: the lot's current price is above the bid's maximum price. */
  priceAboveMax: 141,
  /** Auction house: the bid would leave a remainder below the debt floor; take the lot whole. */
  dustRemainder: 142,
  /** Auction house, vault or owner book: the message may only come from the vault manager (or, for a redemption walk, the previous vault). */
  notFromManager: 143,
} as const;

export type ExitCodeName = keyof typeof ExitCode;
