import { useState } from 'react';
import { useT, type Translate } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/en';
import { config } from '../../config/env';
import { useWallet } from '../../wallet/wallet-store';
import { useTonBalance } from '../../chain/balances';
import { AddressParseError, parseTonAddress } from '../../domain/address';
import { AmountParseError, formatUnits } from '../../domain/units';
import { CommentError, commentPayload, parseScannedTransfer, TransferLinkError } from '../../domain/transfer-link';
import { useMainButton, useSecondaryButton } from '../../telegram/hooks';
import { haptic, isInsideTelegram, scanQr } from '../../telegram/sdk';
import { prepareTransfer } from '../../tx/flows/transfer';
import { FEE_RESERVE, startTx } from '../../tx/runner';
import { TxError } from '../../tx/errors';
import { isPending, useFlows } from '../../tx/flow-store';
import { ActiveFlows } from '../../tx/TxFlowView';
import { ErrorText, Section } from '../../ui/kit';
import { TextField } from '../../ui/TextField';
import { useSendT, type SendMessageKey } from './messages';

interface FormErrors {
  to?: string;
  amount?: string;
  comment?: string;
  form?: string;
}

function explain(e: unknown, t: Translate, ts: Translate<SendMessageKey>): FormErrors {
  if (e instanceof AddressParseError) return { to: t(`error.address.${e.problem}` as MessageKey) };
  if (e instanceof AmountParseError) return { amount: t(`error.amount.${e.problem}` as MessageKey) };
  if (e instanceof CommentError) return { comment: ts('error.comment.too-long', { bytes: e.bytes }) };
  if (e instanceof TransferLinkError) return { form: ts(`error.link.${e.problem}`, { param: e.param ?? '' }) };
  if (e instanceof TxError) return e.code === 'insufficient' ? { amount: t('error.tx.insufficient', e.values()) } : { form: t(`error.tx.${e.code}` as MessageKey, e.values()) };
  return { form: String(e) };
}

export default function SendScreen() {
  const t = useT();
  const ts = useSendT();
  const account = useWallet((s) => s.account);
  const pending = useFlows((s) => Object.values(s.flows).some((f) => f.kind === 'transfer' && isPending(f)));
  // Re-read when a transfer settles, like Home does.
  const balance = useTonBalance(account?.raw, pending ? 'pending' : 'settled');
  const spendable = balance.status === 'ok' && balance.value > FEE_RESERVE ? balance.value - FEE_RESERVE : null;
  const [to, setTo] = useState('');
  const [amount, setAmount] = useState('');
  const [comment, setComment] = useState('');
  const [errors, setErrors] = useState<FormErrors>({});
  const [checking, setChecking] = useState(false);
  const [scanned, setScanned] = useState(false);

  const submit = async () => {
    if (!account) return setErrors({ form: t('send.connectFirst') });
    setChecking(true);
    try {
      await startTx(await prepareTransfer({ to, amount, comment }, { testOnly: config.testOnly }));
      setErrors({});
    } catch (e) {
      setErrors(explain(e, t, ts));
      haptic.error();
    } finally {
      setChecking(false);
    }
  };

  // A scanned code fills the form (all of it or nothing) for the person to check; it never sends by itself.
  const scan = async () => {
    let text: string | undefined | null;
    try {
      text = await scanQr(ts('scanPrompt'));
    } catch (e) {
      return setErrors({ form: ts('error.scan.failed', { reason: e instanceof Error ? e.message : String(e) }) });
    }
    if (text === null) return setErrors({ form: ts('error.scan.unavailable') });
    if (text === undefined) return;
    try {
      const link = parseScannedTransfer(text);
      // Checked like typed input before anything is filled in.
      parseTonAddress(link.to, { testOnly: config.testOnly });
      commentPayload(link.comment ?? '');
      setTo(link.to);
      if (link.amount !== undefined) setAmount(formatUnits(link.amount));
      if (link.comment !== undefined) setComment(link.comment);
      setErrors({});
      setScanned(true);
    } catch (e) {
      const why = explain(e, t, ts);
      setErrors({ form: why.to ?? why.amount ?? why.comment ?? why.form });
      setScanned(false);
      haptic.error();
    }
  };

  useMainButton({ text: t('send.submit'), onClick: () => void submit(), enabled: !!account && !pending, loading: checking || pending });
  useSecondaryButton({ text: ts('scan'), onClick: () => void scan(), visible: isInsideTelegram(), enabled: !pending });

  return (
    <div className="pt-3">
      <h1 className="px-4 pb-3 text-xl font-bold">{t('send.title')}</h1>
      <ActiveFlows kind="transfer" />
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <Section footer={t('send.fee', { amount: formatUnits(FEE_RESERVE) })}>
          <TextField id="send-to" label={t('send.to')} placeholder={t('send.toPlaceholder')} spellCheck={false} value={to} onChange={setTo} error={errors.to} />
          <div className="my-2 h-px bg-tg-separator" />
          <TextField id="send-amount" label={t('send.amount')} placeholder={t('send.amountPlaceholder')} className="tabular" inputMode="decimal" value={amount} onChange={setAmount} error={errors.amount} />
          {balance.status === 'ok' && (
            <div className="flex items-center justify-between text-xs text-tg-hint">
              <span className="tabular" data-testid="send-available">
                {t('send.available', { amount: formatUnits(balance.value, 9, { maxFractionDigits: 4, group: true }) })}
              </span>
              {/* Everything but the fee reserve, to the last nanoton. */}
              <button type="button" className="font-semibold text-tg-link disabled:opacity-50" disabled={spendable === null} onClick={() => spendable !== null && setAmount(formatUnits(spendable))}>
                {ts('max')}
              </button>
            </div>
          )}
          <div className="my-2 h-px bg-tg-separator" />
          <TextField id="send-comment" label={ts('comment')} placeholder={ts('commentPlaceholder')} value={comment} onChange={setComment} error={errors.comment} />
        </Section>
        {scanned && !errors.form && (
          <p className="px-4 pb-2 text-sm text-tg-hint" role="status">
            {ts('scanned')}
          </p>
        )}
        {errors.form && (
          <div className="px-4">
            <ErrorText>{errors.form}</ErrorText>
          </div>
        )}
        {/* Enter in a field submits too; the visible action is Telegram's MainButton. */}
        <button type="submit" hidden />
      </form>
    </div>
  );
}
