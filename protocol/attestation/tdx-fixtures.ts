/**
 * Test-only (reads files with node:fs): the real quotes and collateral of
 * shared/testdata/tdx with the outcome its README gives for each. "now" is the midpoint of the
 * collateral window computed from the JSON itself, as the README prescribes.
 */
import { readFileSync } from 'node:fs';
import type { TdxCollateral } from './tdx';
import { collateralWindow } from './tdx';
import { hexToBytes } from '../bytes';

const dir = new URL('../../../shared/testdata/tdx/', import.meta.url);

export interface TdxFixture {
  name: string;
  quote: Uint8Array;
  collateral: TdxCollateral;
  now: Date;
  quoteVersion: 4 | 5;
  /** 'UpToDate' when the README says it verifies, else the refusal it names. */
  expected: 'UpToDate' | RegExp;
}

function load(name: string, quoteFile: string, collateralFile: string, quoteVersion: 4 | 5, expected: TdxFixture['expected']): TdxFixture {
  const raw = readFileSync(new URL(quoteFile, dir));
  const quote = quoteFile.endsWith('.txt') ? hexToBytes(raw.toString('utf8').trim()) : new Uint8Array(raw);
  const collateral = JSON.parse(readFileSync(new URL(collateralFile, dir), 'utf8')) as TdxCollateral;
  const window = collateralWindow(collateral);
  const now = new Date((window.notBefore.getTime() + window.notAfter.getTime()) / 2);
  return { name, quote, collateral, now, quoteVersion, expected };
}

export function tdxFixtures(): TdxFixture[] {
  return [
    load('Phala sample v4', 'tdx_quote', 'tdx_quote_collateral.json', 4, 'UpToDate'),
    load('NEAR v4 (hex)', 'near_quote_hex.txt', 'near_quote_collateral.json', 4, 'UpToDate'),
    load('go-tdx-guest v5', 'go-tdx-guest_quote_v5_sample.dat', 'go-tdx-guest_quote_v5_sample.collateral.json', 5, 'UpToDate'),
    load('Phala outdated v5', 'tdx_quote_outdated', 'tdx_quote_outdated_collateral.json', 5, /No matching TCB level found/),
    load('go-tdx-guest SPR E4 v4', 'go-tdx-guest_tdx_prod_quote_SPR_E4.dat', 'go-tdx-guest_tdx_prod_quote_SPR_E4.collateral.json', 4, /No matching TCB level found/),
  ];
}

/** Offsets in the quote (README): TD report body at 48 (v4) or 54 (v5). */
export function reportOffsets(quoteVersion: 4 | 5) {
  const body = quoteVersion === 4 ? 48 : 54;
  return { header: 8, mrTd: body + 136, rtmr0: body + 328, reportData: body + 520 };
}
