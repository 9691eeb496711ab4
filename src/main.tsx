import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import './index.css';
import { App } from './app/App';
import { ErrorBoundary } from './app/ErrorBoundary';
import { languageFromTag, useLanguage, type Language } from './i18n/i18n';
import { isDarkTheme, languageFromTelegram, loadTelegramSdk, preferences, startParam, startTelegram } from './telegram/sdk';
import { routeForStartParam } from './app/deep-links';

const asLanguage = (value: string | undefined): Language | undefined => (value === 'en' || value === 'ru' ? value : undefined);

async function boot() {
  // Development only (tree-shaken from production builds): the dev wallet and, outside Telegram, the Telegram mock.
  if (import.meta.env.DEV) {
    const { installDevEnvironment } = await import('./dev/install');
    await installDevEnvironment();
  }
  startTelegram();
  // Telegram put launch parameters in the hash: keep them where the SDK looks after a reload, then the router owns the hash,
  // starting where a startapp deep link points. A reload keeps the route (#/...), so the link applies once per launch.
  if (!location.hash.startsWith('#/')) {
    if (/(^|[#&])tgWebAppPlatform=/.test(location.hash)) sessionStorage.setItem('tapps/launchParams', JSON.stringify(location.hash.slice(1)));
    history.replaceState(null, '', `${location.pathname}${location.search}#${routeForStartParam(startParam())}`);
  }
  const { setLanguage } = useLanguage.getState();
  setLanguage(asLanguage(preferences.local('language')) ?? languageFromTag(languageFromTelegram()));
  const root = document.getElementById('root');
  if (!root) throw new Error('#root is missing from index.html');
  // The SDK (buttons, haptics, viewport) arrives once the first screen has painted (not merely the
  // first, still empty frame); then a language chosen on another device arrives from CloudStorage.
  const afterFirstPaint = () =>
    void loadTelegramSdk()
      .then(() => preferences.cloud('language'))
      .then((l) => {
        const cloud = asLanguage(l);
        if (cloud) setLanguage(cloud);
      });
  createRoot(root).render(
    <StrictMode>
      <ErrorBoundary>
        <App dark={isDarkTheme()} onPainted={afterFirstPaint} />
      </ErrorBoundary>
    </StrictMode>,
  );
}

void boot();
