/** TON and COC both have 9 decimals; prices are USD with 9 decimals. */
export const DECIMALS = 9;

/** Largest amount a TON message can carry (VarUInteger 16: 120 bits). */
const MAX_COINS = (1n << 120n) - 1n;

export type AmountProblem = 'empty' | 'malformed' | 'too-many-decimals' | 'not-positive' | 'too-large';

export class AmountParseError extends Error {
  constructor(
    readonly problem: AmountProblem,
    readonly input: string,
  ) {
    super(`Invalid amount "${input}": ${problem}`);
    this.name = 'AmountParseError';
  }
}

/**
 * Parses what a person typed ("1.5", "1,5", "1 000.25") into base units. Refuses anything that
 * is not a plain positive decimal: exponents, signs, hex, several separators, excess decimals.
 */
export function parseUnits(text: string, decimals = DECIMALS): bigint {
  const compact = text.trim().replace(/[\s\u00a0\u202f]/g, '');
  if (compact === '') throw new AmountParseError('empty', text);
  const normalised = !compact.includes('.') && compact.split(',').length === 2 ? compact.replace(',', '.') : compact;
  const match = /^(\d*)(?:\.(\d*))?$/.exec(normalised);
  if (!match || (match[1] === '' && (match[2] ?? '') === '')) throw new AmountParseError('malformed', text);
  const whole = match[1] ?? '';
  const fraction = (match[2] ?? '').replace(/0+$/, '');
  if (fraction.length > decimals) throw new AmountParseError('too-many-decimals', text);
  const value = BigInt(whole || '0') * 10n ** BigInt(decimals) + BigInt(fraction.padEnd(decimals, '0') || '0');
  if (value === 0n) throw new AmountParseError('not-positive', text);
  if (value > MAX_COINS) throw new AmountParseError('too-large', text);
  return value;
}

export interface FormatOptions {
  /** Digits after the point to keep at most (trailing zeros are dropped). */
  maxFractionDigits?: number;
  /** Group thousands with a thin space. */
  group?: boolean;
}

/** Formats base units for display: 1_500_000_000n → "1.5". Truncates, never rounds up money. */
export function formatUnits(value: bigint, decimals = DECIMALS, opts: FormatOptions = {}): string {
  const negative = value < 0n;
  const abs = negative ? -value : value;
  const base = 10n ** BigInt(decimals);
  let whole = (abs / base).toString();
  let fraction = (abs % base).toString().padStart(decimals, '0');
  if (opts.maxFractionDigits !== undefined) fraction = fraction.slice(0, opts.maxFractionDigits);
  fraction = fraction.replace(/0+$/, '');
  if (opts.group) whole = whole.replace(/\B(?=(\d{3})+(?!\d))/g, '\u202f');
  return `${negative ? '-' : ''}${whole}${fraction ? '.' + fraction : ''}`;
}

/** Short display form of an address: first 4 and last 4 characters. */
export function shortAddress(friendly: string): string {
  return friendly.length > 12 ? `${friendly.slice(0, 4)}…${friendly.slice(-4)}` : friendly;
}
