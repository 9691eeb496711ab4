import { fieldValue } from '../../../protocol/bhttp';
import { bytesToHex, utf8Decode } from '../../../protocol/bytes';
import { ERROR_TRAILER, sealChatRequest } from '../../../protocol/chat-exchange';
import { ProtocolError } from '../../../protocol/errors';
import { parseKeyConfig } from '../../../protocol/ohttp';
import { receiptCost } from '../../../protocol/receipts';
import type { WorkerRecord, WorkerVerdict } from '../../../protocol/attestation/evidence';
import { AnswerIntegrityError, WorkerAnswerError } from './chat-errors';
import type { ReceiptSummary } from './history';
import { postChat, type WorkerListing } from './relay-api';
import { SseCompletionReader } from './sse';

export interface VerifiedWorker {
  listing: WorkerListing;
  record: WorkerRecord;
  verdict: Extract<WorkerVerdict, { ok: true }>;
}

export interface Answer {
  text: string;
  finishReason?: string;
  receipt?: ReceiptSummary;
}

/**
 * Sends one prompt to a worker the app has verified: sealed to the worker's attested key in
 * this browser, streamed back sealed, opened chunk by chunk. `onText` gets the answer so far.
 * Throws ChatError subclasses; an abort (Stop) surfaces as the signal's AbortError.
 */
export async function askWorker(opts: {
  worker: VerifiedWorker;
  messages: { role: 'user' | 'assistant'; content: string }[];
  initData: string;
  signal: AbortSignal;
  onText: (text: string) => void;
}): Promise<Answer> {
  const { listing, record } = opts.worker;
  const sealed = await sealChatRequest(parseKeyConfig(record.keyConfig), record.receiptPublicKey, {
    model: listing.model,
    messages: opts.messages,
    stream: true,
    stream_options: { include_usage: true },
  });
  const { stream } = await postChat({ initData: opts.initData, workerId: listing.workerId, body: sealed.body, maxPricePerMillion: listing.pricePerMillion, signal: opts.signal });

  const sse = new SseCompletionReader();
  let status = 0;
  let text = '';
  let refusal = '';
  const answer: Answer = { text: '' };
  try {
    for await (const event of sealed.openAnswer(stream)) {
      if (event.kind === 'head') status = event.status;
      else if (event.kind === 'content') {
        if (status !== 200) {
          refusal += utf8Decode(event.bytes);
          continue;
        }
        for (const delta of sse.push(event.bytes)) {
          if (delta.content) {
            text += delta.content;
            opts.onText(text);
          }
          if (delta.finishReason) answer.finishReason = delta.finishReason;
        }
      } else {
        const failed = fieldValue(event.trailers, ERROR_TRAILER);
        if (event.receipt) {
          const r = event.receipt.receipt;
          answer.receipt = { requestId: bytesToHex(r.requestId), tokensIn: r.tokensIn, tokensOut: r.tokensOut, pricePerMillion: r.pricePerMillion, cost: receiptCost(r) };
        }
        if (status !== 200 || failed) {
          const problem = parseRefusal(refusal);
          throw new WorkerAnswerError(failed ?? problem?.code ?? `http_${status}`, problem?.message ?? `the worker could not finish the answer (${failed ?? status})`);
        }
      }
    }
  } catch (e) {
    if (e instanceof ProtocolError) throw new AnswerIntegrityError(e.code, e.message);
    throw e;
  }
  answer.text = text;
  return answer;
}

function parseRefusal(json: string): { code: string; message: string } | undefined {
  try {
    const parsed = JSON.parse(json) as { error?: { code?: unknown; message?: unknown } };
    const { code, message } = parsed.error ?? {};
    return typeof code === 'string' && typeof message === 'string' ? { code, message } : undefined;
  } catch {
    return undefined;
  }
}
