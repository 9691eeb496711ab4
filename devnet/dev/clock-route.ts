import { z } from 'zod';
import type { DevRoute } from './dev-route';
import { parseBody } from './dev-route';

const ONE_YEAR_SECONDS = 31_536_000;

const advanceBody = z.object({
  seconds: z.number().int('seconds must be a whole number').min(1).max(ONE_YEAR_SECONDS),
});

/** POST /dev/clock/advance: moves the chain clock forward (never back) for oracle ages, auctions, cooldowns. */
export const devClockAdvanceRoute: DevRoute = {
  method: 'POST',
  url: '/dev/clock/advance',
  handle: async (chain, body) => {
    const { seconds } = parseBody(advanceBody, body);
    return { now: await chain.advanceClock(seconds) };
  },
};
