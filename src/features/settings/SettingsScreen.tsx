import { useState } from 'react';
import { LANGUAGES, useLanguage, useT, type Language } from '../../i18n/i18n';
import { config } from '../../config/env';
import { useWallet } from '../../wallet/wallet-store';
import { advanceChainClock, fundAddress, setOraclePrices } from '../../chain/devnet';
import { AmountParseError, formatUnits, parseUnits } from '../../domain/units';
import type { MessageKey } from '../../i18n/en';
import { haptic, preferences } from '../../telegram/sdk';
import { Button, ErrorText, Section } from '../../ui/kit';

const LANGUAGE_NAMES: Record<Language, string> = { en: 'English', ru: 'Русский' };

function DevPanel() {
  const t = useT();
  const account = useWallet((s) => s.account);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [tonPrice, setTonPrice] = useState('3.25');
  const [cocPrice, setCocPrice] = useState('1.12');
  const run = async (action: () => Promise<string>) => {
    try {
      setMessage({ ok: true, text: await action() });
      haptic.success();
    } catch (e) {
      const reason = e instanceof AmountParseError ? t(`error.amount.${e.problem}` as MessageKey) : e instanceof Error ? e.message : String(e);
      setMessage({ ok: false, text: t('settings.dev.failed', { reason }) });
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
      <form
        className="mt-3"
        aria-label={t('settings.dev.prices')}
        onSubmit={(e) => {
          e.preventDefault();
          void run(async () => {
            // Same rules as every amount the app takes; the devnet re-checks them.
            const ton = formatUnits(parseUnits(tonPrice));
            const coc = formatUnits(parseUnits(cocPrice));
            await setOraclePrices(ton, coc);
            return t('settings.dev.pricesSet', { ton: `$${ton}`, coc: `$${coc}` });
          });
        }}
      >
        <p className="mb-1 text-xs text-tg-hint">{t('settings.dev.prices')}</p>
        <div className="flex gap-2">
          <label className="flex-1 text-xs text-tg-hint">
            {t('settings.dev.tonPrice')}
            <input className="tabular mt-1 w-full rounded-lg bg-tg-secondary-bg px-2 py-1 text-sm text-tg-text" inputMode="decimal" value={tonPrice} onChange={(e) => setTonPrice(e.target.value)} />
          </label>
          <label className="flex-1 text-xs text-tg-hint">
            {t('settings.dev.cocPrice')}
            <input className="tabular mt-1 w-full rounded-lg bg-tg-secondary-bg px-2 py-1 text-sm text-tg-text" inputMode="decimal" value={cocPrice} onChange={(e) => setCocPrice(e.target.value)} />
          </label>
        </div>
        <Button variant="plain" type="submit" className="mt-2">
          {t('settings.dev.setPrices')}
        </Button>
      </form>
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
