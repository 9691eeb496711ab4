import { useT } from '../../i18n/i18n';
import { config } from '../../config/env';
import { useMarket } from '../../chain/balances';
import { formatUsd, mintGateOpen, priceState } from '../../domain/market';
import { ErrorText, Section, Skeleton } from '../../ui/kit';

/** TON and COC prices from the oracle, their age by the chain clock, and whether minting is open. */
export default function MarketSection() {
  const t = useT();
  const market = useMarket();
  if (market.status === 'absent')
    return (
      <Section title={t('home.market')}>
        <p className="text-sm text-tg-hint">{t('home.notDeployed')}</p>
      </Section>
    );
  if (market.status === 'error')
    return (
      <Section title={t('home.market')}>
        <ErrorText>{t('home.marketError', { reason: market.reason })}</ErrorText>
      </Section>
    );
  if (market.status === 'loading')
    return (
      <Section title={t('home.market')}>
        <Skeleton className="h-12 w-full" />
      </Section>
    );
  const m = market.value;
  const state = priceState(m);
  const minutes = Math.floor((m.chainTime - m.pricesAt) / 60);
  const gate = formatUsd(m.mintGatePrice);
  return (
    <Section title={t('home.market')}>
      <dl className="grid grid-cols-2 gap-3">
        <div>
          <dt className="text-xs text-tg-hint">{t('home.tonPrice')}</dt>
          <dd className="tabular text-xl font-semibold" data-testid="ton-price">
            {state === 'never' ? '—' : formatUsd(m.tonPrice)}
          </dd>
        </div>
        <div>
          <dt className="text-xs text-tg-hint">{t('home.cocPrice')}</dt>
          <dd className="tabular text-xl font-semibold" data-testid="coc-price">
            {state === 'never' ? '—' : formatUsd(m.cocPrice)}
          </dd>
        </div>
      </dl>
      <div className="mt-2 text-sm" data-testid="mint-gate" data-open={mintGateOpen(m)}>
        {state === 'fresh' && <p className={mintGateOpen(m) ? 'text-green-600' : 'text-tg-destructive'}>{mintGateOpen(m) ? t('home.mintGate.open', { gate }) : t('home.mintGate.closed', { gate })}</p>}
        {state === 'fresh' && <p className="text-xs text-tg-hint">{t('home.prices.updated', { minutes })}</p>}
        {state === 'stale' && <ErrorText>{t('home.prices.stale', { minutes })}</ErrorText>}
        {state === 'never' && <p className="text-tg-hint">{t('home.prices.never')}</p>}
      </div>
      {state !== 'fresh' && config.network === 'local' && <p className="text-xs text-tg-hint">{t('home.prices.devHint')}</p>}
    </Section>
  );
}
