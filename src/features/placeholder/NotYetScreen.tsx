import { useT } from '../../i18n/i18n';
import { Section } from '../../ui/kit';

/** An honest screen for a feature whose issue has not landed yet. */
export function NotYetScreen({ feature }: { feature: 'vault' | 'auctions' | 'gpu' }) {
  const t = useT();
  return (
    <div className="pt-3">
      <h1 className="px-4 pb-3 text-xl font-bold">{t(`tab.${feature}`)}</h1>
      <Section>
        <p className="font-medium">{t('placeholder.title')}</p>
        <p className="mt-1 text-sm text-tg-hint">{t('placeholder.body', { feature: t(`placeholder.${feature}`) })}</p>
      </Section>
    </div>
  );
}
