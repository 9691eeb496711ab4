import { describe, expect, it } from 'vitest';
import { appEnvDefines, checkAppEnv } from './env-schema';
import { config } from './env';

const contracts = JSON.stringify({ cocMinter: 'EQa', oracle: 'EQb', vaultManager: 'EQc', auctionHouse: 'EQd' });

describe('the build configuration', () => {
  it('defaults to the local stack', () => {
    expect(checkAppEnv({})).toEqual({
      VITE_NETWORK: 'local',
      VITE_TONCENTER_URL: 'http://127.0.0.1:8081/jsonRPC',
      VITE_DEVNET_URL: 'http://127.0.0.1:8081',
      VITE_RELAY_URL: 'http://127.0.0.1:8787',
    });
  });

  it('refuses bad values, naming each variable and why', () => {
    const error = (() => {
      try {
        checkAppEnv({ VITE_NETWORK: 'mainet', VITE_RELAY_URL: 'relay.example', VITE_COCOIN_CONTRACTS: '{"oracle":"EQb"}', VITE_ALLOWED_MEASUREMENTS: 'ABC' });
      } catch (e) {
        return (e as Error).message;
      }
    })();
    expect(error).toMatch(/^Invalid app configuration: /);
    expect(error).toContain('VITE_NETWORK');
    expect(error).toContain('VITE_RELAY_URL');
    expect(error).toContain('VITE_COCOIN_CONTRACTS: must be JSON with the cocMinter, oracle, vaultManager and auctionHouse addresses');
    expect(error).toContain('VITE_ALLOWED_MEASUREMENTS: must be comma-separated TDX measurements, 64 lowercase hex characters each');
    expect(() => checkAppEnv({ VITE_COCOIN_CONTRACTS: 'not json' })).toThrow(/VITE_COCOIN_CONTRACTS/);
  });

  it('accepts a public build configuration', () => {
    const env = checkAppEnv({ VITE_NETWORK: 'mainnet', VITE_RELAY_URL: 'https://relay.example/', VITE_COCOIN_CONTRACTS: contracts, VITE_ALLOWED_MEASUREMENTS: `${'a'.repeat(64)}, ${'0'.repeat(64)}` });
    expect(env.VITE_NETWORK).toBe('mainnet');
    expect(env.VITE_COCOIN_CONTRACTS).toBe(contracts);
  });

  it('is compiled in as constants, and the app reads those', () => {
    const defines = appEnvDefines(checkAppEnv({ VITE_NETWORK: 'testnet' }));
    expect(defines['import.meta.env.VITE_NETWORK']).toBe('"testnet"');
    // Unset optional values are left out rather than defined as undefined.
    expect('import.meta.env.VITE_TONCENTER_API_KEY' in defines).toBe(false);
    // The tests run with the same defines as a local build.
    expect(config).toMatchObject({ network: 'local', relayUrl: 'http://127.0.0.1:8787', chainId: '-3', testOnly: true });
  });
});
