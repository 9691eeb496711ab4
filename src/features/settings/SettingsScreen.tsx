import { useState } from 'react';
import { LANGUAGES, useLanguage, useT, type Language } from '../../i18n/i18n';
import { config } from '../../config/env';
import { useWallet } from '../../wallet/wallet-store';
import { advanceChainClock, fundAddress } from '../../chain/devnet';
import { haptic, preferences } from '../../telegram/sdk';
import { Button, ErrorText, Section } from '../../ui/kit';

const LANGUAGE_NAMES: Record<Language, string> = { en: 'English', ru: 'Русский' };

function DevPanel() {
  const t = useT();
  const account = useWallet((s) => s.account);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const run = async (action: () => Promise<string>) => {
    try {
      setMessage({ ok: true, text: await action() });
      haptic.success();
    } catch (e) {
      setMessage({ ok: false, text: t('settings.dev.failed', { reason: e instanceof Error ? e.message : String(e) }) });
      haptic.error();
    }
  };
  return (
    <Section title={t('settings.dev')}>
      <div className="flex flex-col gap-2">
        <Button variant="plain" disabled={!account} onClick={() => account && void run(async () => (await fundAddress(account.friendly, 100_000_000_000n), t('settings.dev.funded')))}>
          {t('settings.dev.fund')}
        </Button>
        <Button
          variant="plain"
          onClick={() =>
            void run(async () => {
              const { now } = await advanceChainClock(600);
              return t('settings.dev.advanced', { time: new Date(now * 1000).toLocaleString() });
            })
          }
        >
          {t('settings.dev.advance')}
        </Button>
      </div>
      {message && (message.ok ? <p role="status" className="mt-2 text-sm">{message.text}</p> : <ErrorText>{message.text}</ErrorText>)}
    </Section>
  );
}

export default function SettingsScreen() {
  const t = useT();
  const { language, setLanguage } = useLanguage();
  return (
    <div className="pt-3">
      <h1 className="px-4 pb-3 text-xl font-bold">{t('settings.title')}</h1>
      <Section title={t('settings.language')}>
        <div role="radiogroup" aria-label={t('settings.language')} className="flex gap-2">
          {LANGUAGES.map((l) => (
            <button
              key={l}
              type="button"
              role="radio"
              aria-checked={language === l}
              className={`flex-1 rounded-lg px-3 py-2 text-sm ${language === l ? 'bg-tg-button text-tg-button-text' : 'bg-tg-secondary-bg'}`}
              onClick={() => {
                setLanguage(l);
                haptic.selection();
                void preferences.set('language', l);
              }}
            >
              {LANGUAGE_NAMES[l]}
            </button>
          ))}
        </div>
      </Section>
      <Section title={t('settings.network')}>
        <p className="text-sm" data-testid="network">
          {t(`settings.network.${config.network}`)}
        </p>
      </Section>
      {config.network === 'local' && <DevPanel />}
    </div>
  );
}
