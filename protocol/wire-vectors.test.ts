import { ed25519 } from '@noble/curves/ed25519.js';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { keyBinding } from './attestation/binding';
import { signDevEvidence } from './attestation/dev-evidence';
import { bytesToHex, hexToBytes } from './bytes';
import { encodeReceipt, receiptCost, signReceipt } from './receipts';

// The vectors printed in WIRE.md section 10, read from the document itself so the two cannot drift.
const wire = readFileSync(new URL('./WIRE.md', import.meta.url), 'utf8');
const section10 = wire.slice(wire.indexOf('## 10. Test vectors'));

/** The hex after `label`, with its indented continuation lines. */
function block(label: string): string {
  const start = section10.indexOf(label);
  if (start < 0) throw new Error(`WIRE.md section 10 has no "${label}"`);
  const [first = '', ...rest] = section10.slice(start + label.length).split('\n');
  const lines = [first];
  for (const line of rest) {
    if (!/^\s+[0-9a-f ]+$/.test(line)) break;
    lines.push(line);
  }
  return lines.join('').replace(/\s/g, '');
}

const keyConfig = hexToBytes('01002031e1f05a740102115220e9af918f738674aec95f54db6e04eb705aae8e79815500080001000100010003');
const workerSecret = hexToBytes('9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60');
const workerKey = ed25519.getPublicKey(workerSecret);

describe('WIRE.md section 10', () => {
  it('gives the worker key of RFC 8032 test 1', () => {
    expect(section10).toContain(bytesToHex(workerKey));
  });

  it('gives the REPORTDATA of the key binding', () => {
    expect(block('REPORTDATA =')).toBe(bytesToHex(keyBinding(keyConfig, workerKey)));
  });

  it('gives the canonical receipt bytes, its signature and its cost', () => {
    const receipt = {
      requestId: hexToBytes('00112233445566778899aabbccddeeff'),
      requestDigest: hexToBytes('aa'.repeat(32)),
      workerKey,
      tokensIn: 1200n,
      tokensOut: 800n,
      pricePerMillion: 2_500_000_000n,
      issuedAt: 1_767_225_600n,
    };
    expect(block('canonical =')).toBe(bytesToHex(encodeReceipt(receipt)));
    expect(block('signature =')).toBe(bytesToHex(signReceipt(receipt, workerSecret).signature));
    expect(section10).toContain(`(cost ${receiptCost(receipt)})`);
  });

  it('gives the dev evidence signature', () => {
    const evidence = signDevEvidence({
      keyConfig,
      receiptPublicKey: workerKey,
      measurement: hexToBytes('d0'.repeat(32)),
      devSecretKey: hexToBytes('4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb'),
    });
    expect(block('signerPublicKey =')).toBe(bytesToHex(evidence.signerPublicKey));
    expect(block('signature       =')).toBe(bytesToHex(evidence.signature));
  });
});
