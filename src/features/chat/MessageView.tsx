import type { Translate } from '../../i18n/i18n';
import { useChatT, type ChatMessageKey } from './messages';
import { formatUnits } from '../../domain/units';
import { Markdown } from './Markdown';
import type { ChatMessage } from './history';

const KNOWN_ERRORS = new Set(['relay_unreachable', 'rate_limited', 'not_in_telegram', 'worker_not_verified']);

export function chatErrorText(error: NonNullable<ChatMessage['error']>, t: Translate<ChatMessageKey>): string {
  if (KNOWN_ERRORS.has(error.code)) return t(`error.${error.code}` as ChatMessageKey, { seconds: String(error.retryAfterSeconds ?? 60) });
  return t('error.generic', { message: error.message, code: error.code });
}

export function MessageView({ message, onRetry }: { message: ChatMessage; onRetry?: () => void }) {
  const t = useChatT();
  if (message.role === 'user') {
    return (
      <div className="ml-10 self-end whitespace-pre-wrap rounded-2xl rounded-br-sm bg-tg-button px-3 py-2 text-sm text-tg-button-text" data-role="user">
        {message.content}
      </div>
    );
  }
  return (
    <div className="mr-6 self-start rounded-2xl rounded-bl-sm bg-tg-section-bg px-3 py-2" data-role="assistant" data-status={message.status}>
      {message.content && <Markdown text={message.content} />}
      {message.status === 'streaming' && <span aria-label="…" className="inline-block h-3 w-1.5 animate-pulse bg-tg-hint align-middle" />}
      {message.status === 'stopped' && <p className="text-xs text-tg-hint">{t('stopped')}</p>}
      {message.status === 'failed' && message.error && (
        <div role="alert" className="text-sm text-tg-destructive">
          <p>{chatErrorText(message.error, t)}</p>
          {onRetry && (
            <button type="button" className="mt-1 font-semibold text-tg-link" onClick={onRetry}>
              {t('retry')}
            </button>
          )}
        </div>
      )}
      {message.receipt && (
        <p className="mt-1 text-[11px] text-tg-hint" data-testid="receipt">
          {t('receipt', {
            tokensIn: message.receipt.tokensIn.toString(),
            tokensOut: message.receipt.tokensOut.toString(),
            cost: formatUnits(message.receipt.cost),
          })}
        </p>
      )}
    </div>
  );
}
