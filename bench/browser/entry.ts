// The bench page: the same measured functions as in Node, exposed for Playwright to call.
import { AEAD_AES_128_GCM, AEAD_CHACHA20_POLY1305 } from '../../protocol/ohttp';
import { hexToBytes } from '../../protocol/bytes';
import type { TdxCollateral } from '../../protocol/attestation/tdx';
import { measureAttestation, measureSealOpen } from '../protocol-measures';

Object.assign(window, {
  cocoonBench: {
    sealOpen: (kib: number, aead: 'chacha' | 'aes', runs: number) => measureSealOpen(kib * 1024, aead === 'chacha' ? AEAD_CHACHA20_POLY1305 : AEAD_AES_128_GCM, runs),
    attestation: (quoteHex: string, collateral: TdxCollateral, nowIso: string, runs: number) => measureAttestation(hexToBytes(quoteHex), collateral, new Date(nowIso), runs),
  },
});
