import { create } from 'zustand';
import { rawInitData, preferences } from '../../telegram/sdk';
import { askWorker, type VerifiedWorker } from './ask-worker';
import { ChatError, NotInTelegramError, RelayRefusedError, RelayUnreachableError, WorkerNotVerifiedError } from './chat-errors';
import { ChatHistory, type ChatMessage, type Conversation } from './history';
import { fetchWorkers } from './relay-api';
import { checkWorker, workerPolicy, type WorkerCheck } from './verify-workers';

export type WorkersState = { status: 'loading' } | { status: 'error'; error: ChatError } | { status: 'ready'; checks: WorkerCheck[] };

interface ChatState {
  workers: WorkersState;
  selectedWorkerId: string | null;
  conversation: Conversation | null;
  past: Conversation[];
  abort: AbortController | null;
  loadWorkers(): Promise<void>;
  selectWorker(workerId: string): void;
  send(prompt: string): Promise<void>;
  retry(failedMessageId: string): Promise<void>;
  stop(): void;
  newChat(): void;
  loadHistory(): Promise<void>;
  openConversation(id: string): void;
  deleteConversation(id: string): Promise<void>;
  deleteAllHistory(): Promise<void>;
}

const history = new ChatHistory();
const now = () => Date.now();
const id = () => crypto.randomUUID();

function errorOf(e: unknown): NonNullable<ChatMessage['error']> {
  if (e instanceof RelayRefusedError) return { code: e.code, message: e.message, retryAfterSeconds: e.retryAfterSeconds };
  if (e instanceof ChatError) return { code: e.code, message: e.message };
  return { code: 'internal', message: e instanceof Error ? e.message : String(e) };
}

export const useChat = create<ChatState>((set, get) => {
  const verifiedSelection = (): VerifiedWorker | undefined => {
    const { workers, selectedWorkerId } = get();
    if (workers.status !== 'ready') return undefined;
    const check = workers.checks.find((c) => c.status === 'verified' && c.worker.listing.workerId === selectedWorkerId);
    return check?.status === 'verified' ? check.worker : undefined;
  };

  const updateMessage = (messageId: string, patch: Partial<ChatMessage>) =>
    set((s) =>
      s.conversation
        ? { conversation: { ...s.conversation, updatedAt: now(), messages: s.conversation.messages.map((m) => (m.id === messageId ? { ...m, ...patch } : m)) } }
        : s,
    );

  const persist = async () => {
    const conversation = get().conversation;
    if (conversation) await history.save(conversation).catch(() => undefined);
  };

  /** Asks for an answer to the conversation as it stands (its last message is the user's prompt). */
  const answer = async () => {
    const worker = verifiedSelection();
    const conversation = get().conversation;
    if (!conversation) return;
    const reply: ChatMessage = { id: id(), role: 'assistant', content: '', createdAt: now(), status: 'streaming' };
    const context = conversation.messages.filter((m) => m.status === 'done').map((m) => ({ role: m.role, content: m.content }));
    set({ conversation: { ...conversation, messages: [...conversation.messages, reply], updatedAt: now() } });
    const abort = new AbortController();
    set({ abort });
    try {
      const initData = rawInitData();
      if (!initData) throw new NotInTelegramError('Chat needs Telegram: open Cocoon from its bot.');
      if (!worker) throw new WorkerNotVerifiedError('Pick a worker whose attestation this app has verified.');
      const result = await askWorker({ worker, messages: context, initData, signal: abort.signal, onText: (content) => updateMessage(reply.id, { content }) });
      updateMessage(reply.id, { status: 'done', content: result.text, receipt: result.receipt });
    } catch (e) {
      if (abort.signal.aborted) updateMessage(reply.id, { status: 'stopped' });
      else updateMessage(reply.id, { status: 'failed', error: errorOf(e) });
    } finally {
      set({ abort: null });
      await persist();
    }
  };

  return {
    workers: { status: 'loading' },
    selectedWorkerId: null,
    conversation: null,
    past: [],
    abort: null,

    async loadWorkers() {
      set({ workers: { status: 'loading' } });
      try {
        const listings = await fetchWorkers();
        const policy = workerPolicy();
        const checks = await Promise.all(listings.map((l) => checkWorker(l, policy)));
        const saved = preferences.local('chat.worker');
        const usable = checks.filter((c) => c.status === 'verified').map((c) => c.worker.listing.workerId);
        const current = get().selectedWorkerId;
        const selected = [current, saved].find((w) => w && usable.includes(w)) ?? usable[0] ?? null;
        set({ workers: { status: 'ready', checks }, selectedWorkerId: selected });
      } catch (e) {
        set({ workers: { status: 'error', error: e instanceof ChatError ? e : new RelayUnreachableError(errorOf(e).message) } });
      }
    },

    selectWorker(workerId) {
      set({ selectedWorkerId: workerId });
      void preferences.set('chat.worker', workerId);
    },

    async send(prompt) {
      const text = prompt.trim();
      if (!text || get().abort) return;
      const worker = verifiedSelection();
      const conversation: Conversation = get().conversation ?? {
        id: id(),
        title: text.slice(0, 60),
        model: worker?.listing.model ?? '',
        workerId: worker?.listing.workerId ?? '',
        createdAt: now(),
        updatedAt: now(),
        messages: [],
      };
      set({ conversation: { ...conversation, messages: [...conversation.messages, { id: id(), role: 'user', content: text, createdAt: now(), status: 'done' }] } });
      await answer();
    },

    async retry(failedMessageId) {
      const conversation = get().conversation;
      if (!conversation || get().abort) return;
      set({ conversation: { ...conversation, messages: conversation.messages.filter((m) => m.id !== failedMessageId) } });
      await answer();
    },

    stop() {
      get().abort?.abort();
    },

    newChat() {
      if (!get().abort) set({ conversation: null });
    },

    async loadHistory() {
      set({ past: await history.list().catch(() => []) });
    },

    openConversation(conversationId) {
      const found = get().past.find((c) => c.id === conversationId);
      if (found && !get().abort) set({ conversation: found });
    },

    async deleteConversation(conversationId) {
      await history.delete(conversationId);
      set((s) => ({ past: s.past.filter((c) => c.id !== conversationId), conversation: s.conversation?.id === conversationId ? null : s.conversation }));
    },

    async deleteAllHistory() {
      await history.deleteAll();
      set({ past: [], conversation: get().abort ? get().conversation : null });
    },
  };
});
