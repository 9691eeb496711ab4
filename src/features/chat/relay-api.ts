import * as z from 'zod';
import { config } from '../../config/env';
import { RelayRefusedError, RelayUnreachableError } from './chat-errors';

/** One entry of `GET /v1/workers`: everything but `record` is the relay's claim, and `record` is verified by the app. */
export const WorkerListingSchema = z.object({
  workerId: z.string().regex(/^[0-9a-f]{64}$/),
  model: z.string().min(1).max(200),
  pricePerMillion: z.string().regex(/^\d{1,30}$/).transform((v) => BigInt(v)),
  online: z.boolean(),
  record: z.unknown(),
});
export type WorkerListing = z.infer<typeof WorkerListingSchema>;

const ErrorBody = z.object({ error: z.object({ code: z.string(), message: z.string() }) });

async function relayFetch(path: string, init?: RequestInit): Promise<Response> {
  let res: Response;
  try {
    res = await fetch(new URL(path, config.relayUrl), init);
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e;
    throw new RelayUnreachableError(e instanceof Error ? e.message : String(e));
  }
  if (res.ok) return res;
  const body = ErrorBody.safeParse(await res.json().catch(() => null));
  const retryAfter = Number(res.headers.get('retry-after'));
  throw new RelayRefusedError(
    body.success ? body.data.error.code : 'internal',
    res.status,
    body.success ? body.data.error.message : `relay answered HTTP ${res.status}`,
    Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined,
  );
}

export async function fetchWorkers(signal?: AbortSignal): Promise<WorkerListing[]> {
  const res = await relayFetch('/v1/workers', { signal });
  const parsed = z.object({ workers: z.array(z.unknown()) }).parse(await res.json());
  // One malformed entry must not hide the others.
  return parsed.workers.flatMap((w) => {
    const listing = WorkerListingSchema.safeParse(w);
    return listing.success ? [listing.data] : [];
  });
}

/** POST /v1/chat: the sealed prompt out, the sealed answer streamed back as it is produced. */
export async function postChat(opts: {
  initData: string;
  workerId: string;
  body: Uint8Array;
  maxPricePerMillion: bigint;
  signal: AbortSignal;
}): Promise<{ requestId: string | null; stream: AsyncIterable<Uint8Array> }> {
  const res = await relayFetch('/v1/chat', {
    method: 'POST',
    signal: opts.signal,
    headers: {
      authorization: `tma ${opts.initData}`,
      'content-type': 'message/ohttp-chunked-req',
      'cocoon-worker': opts.workerId,
      'cocoon-max-price': opts.maxPricePerMillion.toString(),
    },
    body: opts.body as BodyInit,
  });
  if (!res.body) throw new RelayUnreachableError('the relay sent no body');
  const reader = res.body.getReader();
  async function* stream() {
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        yield value;
      }
    } finally {
      reader.releaseLock();
    }
  }
  return { requestId: res.headers.get('cocoon-request-id'), stream: stream() };
}
