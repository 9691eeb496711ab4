import { useEffect, useState } from 'react';
import { useChatT } from './messages';
import { useMainButton, useScrollingScreen, useSecondaryButton } from '../../telegram/hooks';
import { confirmDestructive, haptic } from '../../telegram/sdk';
import { Button, ErrorText, Section, Spinner } from '../../ui/kit';
import { useChat } from './chat-store';
import { MessageView, chatErrorText } from './MessageView';
import { AttestationBadge, WorkerPicker } from './WorkerPicker';

function HistoryView({ onClose }: { onClose: () => void }) {
  const t = useChatT();
  const { past, loadHistory, openConversation, deleteConversation, deleteAllHistory } = useChat();
  useEffect(() => void loadHistory(), [loadHistory]);
  return (
    <Section title={t('history')}>
      {past.length === 0 ? (
        <p className="text-sm text-tg-hint">{t('history.empty')}</p>
      ) : (
        <ul className="flex flex-col gap-1">
          {past.map((c) => (
            <li key={c.id} className="flex items-center gap-2">
              <button
                type="button"
                className="min-w-0 flex-1 truncate py-1 text-left text-sm"
                onClick={() => {
                  openConversation(c.id);
                  onClose();
                }}
              >
                {c.title}
              </button>
              <button type="button" className="text-xs text-tg-destructive" onClick={() => void deleteConversation(c.id)}>
                {t('history.delete')}
              </button>
            </li>
          ))}
        </ul>
      )}
      {past.length > 0 && (
        <Button
          variant="destructive"
          className="mt-3"
          onClick={() =>
            void confirmDestructive({
              title: t('history.confirmTitle'),
              message: t('history.confirmMessage'),
              confirm: t('history.confirm'),
              cancel: t('history.cancel'),
            }).then((ok) => (ok ? deleteAllHistory() : undefined))
          }
        >
          {t('history.deleteAll')}
        </Button>
      )}
    </Section>
  );
}

export default function ChatScreen() {
  const t = useChatT();
  useScrollingScreen();
  const { workers, selectedWorkerId, conversation, abort, loadWorkers, selectWorker, send, retry, stop, newChat } = useChat();
  const [draft, setDraft] = useState('');
  const [showHistory, setShowHistory] = useState(false);
  const [showPicker, setShowPicker] = useState(false);
  useEffect(() => void loadWorkers(), [loadWorkers]);

  const checks = workers.status === 'ready' ? workers.checks : [];
  const selected = checks.find((c) => c.status === 'verified' && c.worker.listing.workerId === selectedWorkerId);
  const streaming = abort !== null;
  const last = conversation?.messages.at(-1);
  useEffect(() => {
    if (last?.status === 'done' && last.role === 'assistant') haptic.success();
    if (last?.status === 'failed') haptic.error();
  }, [last?.status, last?.role]);

  const submit = () => {
    if (!draft.trim() || !selected || streaming) return;
    void send(draft);
    setDraft('');
  };
  useMainButton({ text: t('send'), onClick: submit, enabled: !!draft.trim() && !!selected && !streaming, visible: !streaming });
  useSecondaryButton({ text: t('stop'), onClick: stop, visible: streaming });

  return (
    <div className="flex min-h-[calc(100vh-6rem)] flex-col pt-3">
      <header className="flex items-start gap-2 px-4 pb-2">
        <div className="min-w-0 flex-1">
          <h1 className="text-xl font-bold">{t('title')}</h1>
          <p className="text-xs text-tg-hint">{t('subtitle')}</p>
        </div>
        <button type="button" className="text-sm text-tg-link" disabled={streaming} onClick={() => newChat()}>
          {t('new')}
        </button>
        <button type="button" className="text-sm text-tg-link" aria-expanded={showHistory} onClick={() => setShowHistory((v) => !v)}>
          {t('history')}
        </button>
      </header>

      {showHistory && <HistoryView onClose={() => setShowHistory(false)} />}

      <Section title={t('worker')}>
        {workers.status === 'loading' && (
          <p className="text-sm text-tg-hint">
            <Spinner label={t('workers.loading')} /> {t('workers.loading')}
          </p>
        )}
        {workers.status === 'error' && (
          <>
            <ErrorText>{chatErrorText({ code: workers.error.code, message: workers.error.message }, t)}</ErrorText>
            <button type="button" className="mt-1 text-sm font-semibold text-tg-link" onClick={() => void loadWorkers()}>
              {t('retry')}
            </button>
          </>
        )}
        {workers.status === 'ready' && checks.length === 0 && <p className="text-sm text-tg-hint">{t('workers.none')}</p>}
        {workers.status === 'ready' && checks.length > 0 && !selected && <ErrorText>{t('workers.noneVerified')}</ErrorText>}
        {selected && !showPicker && (
          <button type="button" className="flex w-full items-center gap-2 text-left" onClick={() => setShowPicker(true)} aria-label={t('worker.choose')}>
            <span className="min-w-0 flex-1 truncate text-sm font-medium">{selected.status === 'verified' ? selected.worker.listing.model : ''}</span>
            <AttestationBadge check={selected} />
          </button>
        )}
        {checks.length > 0 && (showPicker || !selected) && (
          <div className="mt-2">
            <WorkerPicker
              checks={checks}
              selected={selectedWorkerId}
              onSelect={(id) => {
                selectWorker(id);
                setShowPicker(false);
              }}
            />
          </div>
        )}
      </Section>

      <div className="flex flex-1 flex-col gap-2 px-3 pb-32" aria-live="polite" data-testid="messages">
        {!conversation && <p className="px-1 text-sm text-tg-hint">{t('empty')}</p>}
        {conversation?.messages.map((m, i) => (
          <MessageView key={m.id} message={m} onRetry={i === conversation.messages.length - 1 && !streaming ? () => void retry(m.id) : undefined} />
        ))}
      </div>

      <form
        className="fixed inset-x-0 bottom-[calc(3.5rem+var(--safe-bottom)+var(--content-bottom))] z-10 border-t border-tg-separator bg-tg-bg px-3 py-2"
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <textarea
          aria-label={t('placeholder')}
          placeholder={t('placeholder')}
          rows={2}
          maxLength={16_000}
          className="w-full resize-none rounded-xl bg-tg-secondary-bg px-3 py-2 text-sm outline-none"
          value={draft}
          onChange={(e) => setDraft(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && !e.shiftKey) {
              e.preventDefault();
              submit();
            }
          }}
        />
      </form>
    </div>
  );
}
