import { workerIdFromStartParam } from '../../protocol/start-param';
import { ROUTES, TABS } from './routes';

/**
 * Where a `startapp` deep link (t.me/<bot>/app?startapp=<param>) opens the app. Telegram allows
 * [A-Za-z0-9_-] up to 512 characters. `<screen>` opens a tab or screen by name (`chat`, `send`);
 * a worker's registration link (protocol/start-param.ts) opens the GPU tab.
 * Anything else opens Home: a stale or mistyped link must not strand the user on a blank screen.
 */
export function routeForStartParam(param: string | undefined): string {
  if (!param) return '/';
  const tab = TABS.find((t) => t.key === param);
  if (tab) return tab.path;
  const screen = ROUTES.find((r) => r.path === `/${param}`);
  if (screen) return screen.path;
  if (workerIdFromStartParam(param)) return '/gpu';
  return '/';
}
