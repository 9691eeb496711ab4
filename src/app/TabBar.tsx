import { Link, useLocation } from 'wouter';
import { useT } from '../i18n/i18n';
import { haptic } from '../telegram/sdk';
import { ROUTES, TABS } from './routes';

const ICONS: Record<(typeof TABS)[number]['key'], string> = {
  home: 'M3 11l9-7 9 7v9a1 1 0 0 1-1 1h-5v-6H9v6H4a1 1 0 0 1-1-1z',
  vault: 'M4 5h16v14H4zM12 9a3 3 0 1 0 0 6 3 3 0 0 0 0-6z',
  auctions: 'M4 20h10M6 16l8-8M10 6l4 4M14 4l6 6',
  chat: 'M4 5h16v11H9l-5 4z',
  gpu: 'M5 7h14v10H5zM9 3v4M15 3v4M9 17v4M15 17v4',
  settings: 'M12 8a4 4 0 1 0 0 8 4 4 0 0 0 0-8zM4 12h2M18 12h2M12 4v2M12 18v2',
};

export function TabBar() {
  const t = useT();
  const [location] = useLocation();
  // A screen pushed over a tab (Send) is left with Telegram's BackButton, like a native pushed screen.
  if (ROUTES.find((r) => r.path === location)?.parent) return null;
  return (
    <nav
      aria-label="Tabs"
      className="tabbar-safe fixed inset-x-0 bottom-0 z-10 grid grid-cols-6 border-t border-tg-separator bg-tg-bg"
    >
      {TABS.map((tab) => {
        const active = tab.path === '/' ? location === '/' : location.startsWith(tab.path);
        return (
          <Link
            key={tab.key}
            href={tab.path}
            aria-current={active ? 'page' : undefined}
            onClick={() => haptic.selection()}
            className={`flex flex-col items-center gap-0.5 py-2 text-[10px] ${active ? 'text-tg-button' : 'text-tg-hint'}`}
          >
            <svg aria-hidden viewBox="0 0 24 24" className="h-6 w-6" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinejoin="round" strokeLinecap="round">
              <path d={ICONS[tab.key]} />
            </svg>
            {t(`tab.${tab.key}`)}
          </Link>
        );
      })}
    </nav>
  );
}
