import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import './index.css';
import { App } from './app/App';
import { ErrorBoundary } from './app/ErrorBoundary';
import { languageFromTag, useLanguage, type Language } from './i18n/i18n';
import { isDarkTheme, languageFromTelegram, preferences, startTelegram } from './telegram/sdk';

const asLanguage = (value: string | undefined): Language | undefined => (value === 'en' || value === 'ru' ? value : undefined);

async function boot() {
  // Development only (tree-shaken from production builds): the dev wallet and, outside Telegram, the Telegram mock.
  if (import.meta.env.DEV) {
    const { installDevEnvironment } = await import('./dev/install');
    await installDevEnvironment();
  }
  startTelegram();
  // Telegram put launch parameters in the hash; the SDK has read them, the router owns the hash from now on.
  if (!location.hash.startsWith('#/')) history.replaceState(null, '', `${location.pathname}${location.search}#/`);
  const { setLanguage } = useLanguage.getState();
  setLanguage(asLanguage(preferences.local('language')) ?? languageFromTag(languageFromTelegram()));
  // A choice made on another device arrives from CloudStorage after the first render.
  void preferences.cloud('language').then((l) => {
    const cloud = asLanguage(l);
    if (cloud) setLanguage(cloud);
  });
  const root = document.getElementById('root');
  if (!root) throw new Error('#root is missing from index.html');
  createRoot(root).render(
    <StrictMode>
      <ErrorBoundary>
        <App dark={isDarkTheme()} />
      </ErrorBoundary>
    </StrictMode>,
  );
}

void boot();
