/**
 * What the first paint needs from Telegram, read without the SDK: Telegram hands the launch
 * parameters to the page in the URL hash (the SDK keeps a copy in sessionStorage for reloads).
 * The theme colours become CSS variables here, so the first screen is painted in the user's
 * theme while the SDK itself loads after the first paint (it is the largest part of the first
 * chunk otherwise). The SDK then takes over the same variables and follows theme changes.
 */
export interface LaunchInfo {
  inTelegram: boolean;
  /** Raw initData, exactly as Telegram signed it: the relay checks its signature. */
  rawInitData?: string;
  user?: { first_name?: string; last_name?: string; language_code?: string };
  startParam?: string;
  themeParams: Record<string, string>;
}

const STORAGE_KEY = 'tapps/launchParams';

function rawLaunchParams(): string | undefined {
  const hash = location.hash.slice(1);
  if (/(^|&)tgWebAppPlatform=/.test(hash)) return hash;
  try {
    const stored = JSON.parse(sessionStorage.getItem(STORAGE_KEY) ?? 'null') as unknown;
    return typeof stored === 'string' ? stored : undefined;
  } catch {
    return undefined;
  }
}

function parseJson<T>(text: string | null): T | undefined {
  try {
    return text ? (JSON.parse(text) as T) : undefined;
  } catch {
    return undefined;
  }
}

export function readLaunchInfo(raw = rawLaunchParams()): LaunchInfo {
  if (!raw) return { inTelegram: false, themeParams: {} };
  const params = new URLSearchParams(raw);
  const rawInitData = params.get('tgWebAppData') ?? undefined;
  const initData = new URLSearchParams(rawInitData ?? '');
  const theme = parseJson<Record<string, unknown>>(params.get('tgWebAppThemeParams')) ?? {};
  return {
    inTelegram: params.has('tgWebAppPlatform') && params.has('tgWebAppVersion'),
    rawInitData,
    user: parseJson<LaunchInfo['user']>(initData.get('user')),
    startParam: params.get('tgWebAppStartParam') ?? initData.get('start_param') ?? undefined,
    themeParams: Object.fromEntries(Object.entries(theme).filter((e): e is [string, string] => typeof e[1] === 'string' && /^#[0-9a-f]{6}$/i.test(e[1]))),
  };
}

/** The same variables the SDK binds: bg_color → --tg-theme-bg-color. */
export function applyThemeVariables(themeParams: Record<string, string>): void {
  for (const [key, value] of Object.entries(themeParams)) document.documentElement.style.setProperty(`--tg-theme-${key.replace(/_/g, '-')}`, value);
}

/** A dark theme has a dark background (relative luminance under one half). */
export function isDarkBackground(color: string | undefined): boolean {
  if (!color) return false;
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(color.slice(i, i + 2), 16) / 255) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b < 0.5;
}
