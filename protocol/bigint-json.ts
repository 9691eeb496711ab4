/**
 * The one JSON encoding of bigint used by the app's persisted state and the relay:
 * a bigint becomes {"$bigint":"<decimal>"} so it survives a round trip without ever being a JS number.
 */
const TAG = '$bigint';

export function bigintReplacer(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? { [TAG]: value.toString() } : value;
}

export function bigintReviver(_key: string, value: unknown): unknown {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const keys = Object.keys(value);
    const tagged = (value as Record<string, unknown>)[TAG];
    if (keys.length === 1 && typeof tagged === 'string' && /^-?\d+$/.test(tagged)) return BigInt(tagged);
  }
  return value;
}

export const stringifyWithBigints = (value: unknown): string => JSON.stringify(value, bigintReplacer);
export const parseWithBigints = (text: string): unknown => JSON.parse(text, bigintReviver);
