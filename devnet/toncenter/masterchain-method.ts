import { z } from 'zod';
import { blockIdExt } from './format';
import { toncenterMethod } from './method';

export const getMasterchainInfo = toncenterMethod(z.object({}), async (chain) => {
  const last = blockIdExt(chain.blockSeqno);
  return {
    '@type': 'blocks.masterchainInfo',
    last,
    state_root_hash: last.root_hash,
    init: blockIdExt(0),
  };
});
