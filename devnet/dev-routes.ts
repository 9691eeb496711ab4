import { devOracleRoute } from './cocoin';
import { devClockAdvanceRoute } from './dev/clock-route';
import type { DevRoute } from './dev/dev-route';
import { devFundRoute } from './dev/fund-route';
import { devAccountsRoute, devInfoRoute } from './dev/info-route';

/**
 * Every /dev/ endpoint. New dev endpoints (POST /dev/oracle from the contracts work) are added here:
 * write a DevRoute in devnet/dev/ and list it below; the server registers whatever is listed.
 */
export const devRoutes: readonly DevRoute[] = [devInfoRoute, devAccountsRoute, devFundRoute, devClockAdvanceRoute, devOracleRoute];
