import { useChatT } from './messages';
import { Button } from '../../ui/kit';
import type { WorkerCheck } from './verify-workers';

function Row({ label, value }: { label: string; value: string }) {
  return (
    <div className="py-1">
      <dt className="text-xs text-tg-hint">{label}</dt>
      <dd className="break-all font-mono text-xs">{value}</dd>
    </div>
  );
}

/** Everything the app checked about a worker before it would send it a prompt. */
export function AttestationSheet({ check, onClose }: { check: WorkerCheck; onClose: () => void }) {
  const t = useChatT();
  return (
    <div className="fixed inset-0 z-30 flex items-end bg-black/40" onClick={onClose}>
      <div role="dialog" aria-label={t('attestation.title')} className="max-h-[80vh] w-full overflow-y-auto rounded-t-2xl bg-tg-bg p-4" onClick={(e) => e.stopPropagation()}>
        <h2 className="mb-2 font-semibold">{t('attestation.title')}</h2>
        {check.status === 'refused' ? (
          <>
            <p className="text-sm text-tg-destructive">{t('attestation.refused')}</p>
            <dl className="mt-2">
              <Row label="code" value={check.code} />
              <Row label="reason" value={check.reason} />
              {check.tcbStatus && <Row label={t('attestation.tcb')} value={check.tcbStatus} />}
              {check.measurement && <Row label={t('attestation.measurement')} value={check.measurement} />}
            </dl>
          </>
        ) : (
          <dl>
            {check.worker.verdict.tee === 'dev' ? (
              <p className="mb-2 rounded-lg bg-red-600 p-2 text-sm font-semibold text-white">{t('attestation.dev')}</p>
            ) : null}
            <Row label={t('attestation.tee')} value={check.worker.verdict.tee === 'tdx' ? `Intel TDX (quote v${check.worker.verdict.quoteVersion})` : check.worker.verdict.badge} />
            {check.worker.verdict.tee === 'tdx' && (
              <>
                <Row label={t('attestation.tcb')} value={check.worker.verdict.tcbStatus} />
                <Row label={t('attestation.validUntil')} value={check.worker.verdict.collateralValidUntil.toISOString()} />
                {check.worker.verdict.advisoryIds.length > 0 && <Row label={t('attestation.advisories')} value={check.worker.verdict.advisoryIds.join(', ')} />}
              </>
            )}
            <Row label={t('attestation.measurement')} value={check.worker.verdict.measurement} />
            <Row label={t('attestation.binding')} value={t('attestation.bindingOk')} />
            <Row label="worker" value={check.worker.listing.workerId} />
          </dl>
        )}
        <Button variant="plain" className="mt-3" onClick={onClose}>
          {t('attestation.close')}
        </Button>
      </div>
    </div>
  );
}
