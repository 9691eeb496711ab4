import { useState } from 'react';
import { useChatT } from './messages';
import { formatUnits } from '../../domain/units';
import { haptic } from '../../telegram/sdk';
import { AttestationSheet } from './AttestationSheet';
import type { WorkerCheck } from './verify-workers';

export function AttestationBadge({ check }: { check: WorkerCheck }) {
  const t = useChatT();
  if (check.status === 'refused') return <span className="rounded bg-tg-secondary-bg px-1.5 py-0.5 text-[11px] text-tg-destructive">{t('worker.refused', { reason: check.code })}</span>;
  const { verdict } = check.worker;
  return verdict.confidential ? (
    <span className="rounded bg-green-600 px-1.5 py-0.5 text-[11px] font-medium text-white">{verdict.badge}</span>
  ) : (
    <span className="rounded bg-red-600 px-1.5 py-0.5 text-[11px] font-semibold text-white">{verdict.badge}</span>
  );
}

const listingOf = (c: WorkerCheck) => (c.status === 'verified' ? c.worker.listing : c.listing);

/** Model and worker choice with price and the app's own attestation verdict for each. */
export function WorkerPicker({ checks, selected, onSelect }: { checks: WorkerCheck[]; selected: string | null; onSelect: (id: string) => void }) {
  const t = useChatT();
  const [details, setDetails] = useState<WorkerCheck | null>(null);
  return (
    <>
      <ul aria-label={t('worker.choose')} className="flex flex-col gap-2">
        {checks.map((check) => {
          const listing = listingOf(check);
          const usable = check.status === 'verified';
          const active = usable && listing.workerId === selected;
          return (
            <li key={listing.workerId} className={`rounded-xl border px-3 py-2 ${active ? 'border-tg-button' : 'border-transparent'} bg-tg-section-bg`}>
              <label className={`flex items-start gap-2 ${usable ? '' : 'opacity-70'}`}>
                <input
                  type="radio"
                  name="chat-worker"
                  className="mt-1"
                  disabled={!usable}
                  checked={active}
                  onChange={() => {
                    onSelect(listing.workerId);
                    haptic.selection();
                  }}
                />
                <span className="min-w-0 flex-1">
                  <span className="block truncate text-sm font-medium">{listing.model}</span>
                  <span className="block text-xs text-tg-hint">{t('worker.price', { price: formatUnits(listing.pricePerMillion) })}</span>
                  <span className="mt-1 flex flex-wrap items-center gap-2">
                    <AttestationBadge check={check} />
                  </span>
                </span>
              </label>
              <button type="button" className="mt-1 text-xs text-tg-link" onClick={() => setDetails(check)}>
                {t('worker.details')}
              </button>
              {check.status === 'refused' && <p className="mt-1 text-xs text-tg-destructive">{check.reason}</p>}
            </li>
          );
        })}
      </ul>
      {details && <AttestationSheet check={details} onClose={() => setDetails(null)} />}
    </>
  );
}
