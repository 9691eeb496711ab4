import { Suspense, useEffect } from 'react';
import { useLocation } from 'wouter';
import { useT } from '../../i18n/i18n';
import { retryWalletLoad, useWallet } from '../../wallet/wallet-store';
import { connectWallet, disconnectWallet } from '../../wallet/wallet';
import { useCocBalance, useTonBalance } from '../../chain/balances';
import { formatUnits } from '../../domain/units';
import { useFlows } from '../../tx/flow-store';
import type { Remote } from '../../chain/polling';
import { ActiveFlows } from '../../tx/TxFlowView';
import { isInsideTelegram, telegramUserName } from '../../telegram/sdk';
import { useAfterFirstPaint } from '../../ui/after-first-paint';
import { lazyRetry } from '../../ui/lazy-retry';
import { withTonLibs } from '../../chain/ton-libs';
import { ErrorBoundary } from '../../app/ErrorBoundary';
import { Button, ErrorText, Section, Skeleton } from '../../ui/kit';
import { CopyButton } from '../../ui/CopyButton';

// Reads the Cocoin contracts with the TON libraries, so it loads after TON Connect (see withTonLibs).
const MarketSection = lazyRetry(() => withTonLibs(() => import('./MarketSection')));

function Amount({ value, unit, testId }: { value: Remote<bigint>; unit: string; testId: string }) {
  return (
    <dd className="tabular text-2xl font-semibold" data-testid={testId}>
      {value.status === 'loading' ? (
        <Skeleton className="h-7 w-24" />
      ) : (
        <>
          {/* The number never breaks; the unit, smaller, follows it on the same line when there is room. */}
          <span className="whitespace-nowrap">{value.status === 'ok' ? formatUnits(value.value, 9, { maxFractionDigits: 4, group: true }) : '—'}</span>{' '}
          <span className="text-base font-medium text-tg-hint">{unit}</span>
        </>
      )}
    </dd>
  );
}

function Balances({ raw }: { raw: string }) {
  const t = useT();
  // Re-read balances whenever a flow changes state (a confirmed transfer moves them).
  const flowsVersion = useFlows((s) => Object.values(s.flows).map((f) => f.status).join());
  const ton = useTonBalance(raw, flowsVersion);
  const coc = useCocBalance(raw, flowsVersion);
  return (
    <dl className="grid grid-cols-2 gap-3">
      <div>
        <dt className="text-xs text-tg-hint">{t('home.tonBalance')}</dt>
        <Amount value={ton} unit="TON" testId="ton-balance" />
        {ton.status === 'error' && <ErrorText>{t('home.balanceError', { reason: ton.reason })}</ErrorText>}
      </div>
      <div>
        <dt className="text-xs text-tg-hint">{t('home.cocBalance')}</dt>
        <Amount value={coc} unit="COC" testId="coc-balance" />
        {coc.status === 'error' && <ErrorText>{t('home.balanceError', { reason: coc.reason })}</ErrorText>}
      </div>
    </dl>
  );
}

export default function HomeScreen() {
  const t = useT();
  const [, navigate] = useLocation();
  const { status, account } = useWallet();
  const name = telegramUserName();
  const painted = useAfterFirstPaint();
  // Marks for `npm run bench` (and real-user timing): the first screen is usable, then the wallet is.
  useEffect(() => void performance.mark('cocoon:home-ready'), []);
  useEffect(() => {
    if (status !== 'loading' && performance.getEntriesByName('cocoon:wallet-ready').length === 0) performance.mark('cocoon:wallet-ready');
  }, [status]);
  return (
    <div className="pt-3">
      <header className="px-4 pb-3">
        <h1 className="text-2xl font-bold">{t('home.title')}</h1>
        {name && <p className="text-sm text-tg-hint">{t('home.greeting', { name })}</p>}
      </header>
      {!isInsideTelegram() && (
        <Section>
          <p className="text-sm" data-testid="outside-telegram">
            {t('home.outsideTelegram')}
          </p>
        </Section>
      )}
      <ActiveFlows />
      {status === 'connected' && account ? (
        <Section title={`${t('wallet.address')} · ${account.walletName}`} footer={
            <span className="flex flex-col items-start gap-1">
              <span className="break-all font-mono text-[11px]" data-testid="wallet-address">
                {account.friendly}
              </span>
              <CopyButton value={account.friendly} label={t('wallet.copyAddress')} />
            </span>
          }>
          <Balances raw={account.raw} />
          <div className="mt-4 flex gap-2">
            <Button onClick={() => navigate('/send')}>{t('home.send')}</Button>
            <Button variant="plain" className="w-auto" onClick={() => void disconnectWallet()}>
              {t('wallet.disconnect')}
            </Button>
          </div>
        </Section>
      ) : (
        <Section>
          <p className="mb-3 text-sm">{t('home.connectPrompt')}</p>
          {status === 'unavailable' ? (
            <>
              <ErrorText>{t('wallet.unavailable')}</ErrorText>
              <Button className="mt-3" onClick={retryWalletLoad}>
                {t('wallet.retry')}
              </Button>
            </>
          ) : (
            <Button disabled={status === 'loading'} onClick={() => void connectWallet()}>
              {status === 'loading' ? t('wallet.loading') : t('wallet.connect')}
            </Button>
          )}
        </Section>
      )}
      {painted && (
        // Its own boundary: a market that fails to load leaves the balances above usable.
        <ErrorBoundary>
          <Suspense fallback={null}>
            <MarketSection />
          </Suspense>
        </ErrorBoundary>
      )}
    </div>
  );
}
