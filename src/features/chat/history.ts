import { openDB, type DBSchema, type IDBPDatabase } from 'idb';

/** What the user sees of one answer's bill, from the worker's signed receipt (checked before it is stored). */
export interface ReceiptSummary {
  requestId: string;
  tokensIn: bigint;
  tokensOut: bigint;
  pricePerMillion: bigint;
  cost: bigint;
}

export interface ChatMessage {
  id: string;
  role: 'user' | 'assistant';
  content: string;
  createdAt: number;
  status: 'done' | 'streaming' | 'failed' | 'stopped';
  error?: { code: string; message: string; retryAfterSeconds?: number };
  receipt?: ReceiptSummary;
}

export interface Conversation {
  id: string;
  title: string;
  model: string;
  workerId: string;
  createdAt: number;
  updatedAt: number;
  messages: ChatMessage[];
}

interface ChatDb extends DBSchema {
  conversations: { key: string; value: Conversation; indexes: { updatedAt: number } };
}

/** Chat history lives only on this device (IndexedDB), never on the relay and never in CloudStorage. */
export class ChatHistory {
  private db: Promise<IDBPDatabase<ChatDb>> | undefined;

  constructor(private readonly name = 'cocoon-chat') {}

  private open() {
    this.db ??= openDB<ChatDb>(this.name, 1, {
      upgrade(db) {
        db.createObjectStore('conversations', { keyPath: 'id' }).createIndex('updatedAt', 'updatedAt');
      },
    });
    return this.db;
  }

  /** Newest first. */
  async list(): Promise<Conversation[]> {
    return (await (await this.open()).getAllFromIndex('conversations', 'updatedAt')).reverse();
  }

  async get(id: string): Promise<Conversation | undefined> {
    return (await this.open()).get('conversations', id);
  }

  async save(conversation: Conversation): Promise<void> {
    await (await this.open()).put('conversations', conversation);
  }

  async delete(id: string): Promise<void> {
    await (await this.open()).delete('conversations', id);
  }

  async deleteAll(): Promise<void> {
    await (await this.open()).clear('conversations');
  }
}
