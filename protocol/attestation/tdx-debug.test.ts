import type * as DcapQvl from '@phala/dcap-qvl';
import { describe, expect, it, vi } from 'vitest';
import { DebugTdError } from '../errors';
import { verifyTdxQuote } from './tdx';
import { tdxFixtures } from './tdx-fixtures';
import { TdxVerificationCache } from './verification-cache';

// No genuinely signed debug quote exists in the test data, and dcap-qvl refuses debug TDs
// itself. This makes dcap-qvl report a debug TD as verified, to show our own check still refuses.
vi.mock('@phala/dcap-qvl', async (importOriginal) => {
  const actual = await importOriginal<typeof DcapQvl>();
  return {
    ...actual,
    verify: (...args: Parameters<typeof actual.verify>) => {
      const result = actual.verify(...args);
      const td = result.report.asTd10();
      if (td) td.tdAttributes = new Uint8Array([0x01, 0, 0, 0x10, 0, 0, 0, 0]);
      return result;
    },
  };
});

describe('debug TDs', () => {
  it('are refused by our own TDATTRIBUTES check even if the verifier lets one through', async () => {
    const f = tdxFixtures()[0]!;
    await expect(verifyTdxQuote(f.quote, f.collateral, f.now)).rejects.toThrow(DebugTdError);
  });

  it('are refused on every call, also when the verification comes from the cache', async () => {
    const f = tdxFixtures()[0]!;
    const cache = new TdxVerificationCache();
    await expect(verifyTdxQuote(f.quote, f.collateral, f.now, { cache })).rejects.toThrow(DebugTdError);
    await expect(verifyTdxQuote(f.quote, f.collateral, f.now, { cache })).rejects.toThrow(DebugTdError);
    expect(cache.stats).toEqual({ hits: 1, misses: 1 });
  });
});
