import { useT } from '../i18n/i18n';
import { formatUnits, shortAddress } from '../domain/units';
import type { MessageKey } from '../i18n/en';
import { Button, Spinner } from '../ui/kit';
import { CopyButton } from '../ui/CopyButton';
import { useFlows, type TxFlow } from './flow-store';

type StepState = 'done' | 'active' | 'todo' | 'failed';

/** Errors of the last step: the wallet sent the TON and the recipient sent it back. */
const DELIVERY_ERRORS = new Set(['bounced', 'noWallet']);

function Step({ state, label }: { state: StepState; label: string }) {
  const mark = state === 'done' ? '✓' : state === 'failed' ? '✕' : state === 'active' ? <Spinner label={label} /> : '•';
  const tone = state === 'failed' ? 'text-tg-destructive' : state === 'todo' ? 'text-tg-hint' : 'text-tg-text';
  return (
    <li className={`flex items-center gap-3 py-1 ${tone}`} data-state={state}>
      <span className="w-5 text-center">{mark}</span>
      <span>{label}</span>
    </li>
  );
}

function stepStates(flow: TxFlow): [StepState, StepState, StepState] {
  switch (flow.status) {
    case 'awaiting-signature':
      return flow.resumed ? ['done', 'active', 'todo'] : ['active', 'todo', 'todo'];
    case 'awaiting-chain':
      // With the wallet's transaction found, what is left is the recipient taking the TON.
      return flow.txHash ? ['done', 'done', 'active'] : ['done', 'active', 'todo'];
    case 'confirmed':
      return ['done', 'done', 'done'];
    case 'error':
      if (flow.error && DELIVERY_ERRORS.has(flow.error.code)) return ['done', 'done', 'failed'];
      return flow.txHash || flow.externalHash ? ['done', 'failed', 'todo'] : ['failed', 'todo', 'todo'];
  }
}

/** The step-by-step view of one transaction flow: sign, wait for the chain, confirmed or a clear error. */
export function TxFlowView({ flow }: { flow: TxFlow }) {
  const t = useT();
  const remove = useFlows((s) => s.remove);
  const [sign, wait, done] = stepStates(flow);
  const amount = typeof flow.summary.amount === 'bigint' ? formatUnits(flow.summary.amount) : '';
  const to = typeof flow.summary.to === 'string' ? shortAddress(flow.summary.to) : '';
  return (
    <div className="rounded-xl bg-tg-section-bg px-4 py-3" aria-live="polite" data-testid="tx-flow" data-status={flow.status}>
      <p className="mb-2 text-sm text-tg-hint">
        {amount} TON → {to}
      </p>
      <ol>
        <Step state={sign} label={t('flow.step.sign')} />
        <Step state={wait} label={t('flow.step.chain')} />
        <Step state={done} label={t('flow.step.done')} />
      </ol>
      {flow.summary.toNewWallet && <p className="mt-2 text-xs text-tg-hint">{t('flow.toNewWallet')}</p>}
      {flow.resumed && <p className="mt-2 text-xs text-tg-hint">{t('flow.resumed')}</p>}
      {flow.status === 'confirmed' && flow.txHash && (
        <>
          <p className="mt-2 break-all text-sm" role="status">
            {t('flow.confirmed', { amount, hash: flow.txHash })}
          </p>
          <CopyButton value={flow.txHash} label={t('flow.copyHash')} />
        </>
      )}
      {flow.status === 'error' && flow.error && (
        <p className="mt-2 text-sm text-tg-destructive" role="alert">
          {t(`error.tx.${flow.error.code}` as MessageKey, flow.error.values)}
        </p>
      )}
      {(flow.status === 'confirmed' || flow.status === 'error') && (
        <Button variant="plain" className="mt-3" onClick={() => remove(flow.id)}>
          {t('flow.dismiss')}
        </Button>
      )}
    </div>
  );
}

/** Every flow the user has not dismissed yet, newest first. */
export function ActiveFlows({ kind }: { kind?: TxFlow['kind'] }) {
  const flows = useFlows((s) => s.flows);
  const list = Object.values(flows)
    .filter((f) => !kind || f.kind === kind)
    .sort((a, b) => b.createdAt - a.createdAt);
  if (list.length === 0) return null;
  return (
    <div className="mx-3 mb-4 flex flex-col gap-2">
      {list.map((f) => (
        <TxFlowView key={f.id} flow={f} />
      ))}
    </div>
  );
}
