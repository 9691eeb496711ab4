/**
 * The `startapp` parameter of the link a worker prints for its registration from a phone
 * (DESIGN 5): `worker_<receipt key, 64 lowercase hex>`. Written by the worker, read by the app.
 */
export const WORKER_START_PREFIX = 'worker_';

export function workerStartParam(workerId: string): string {
  if (!/^[0-9a-f]{64}$/.test(workerId)) throw new Error('worker id must be 32 bytes of lowercase hex');
  return `${WORKER_START_PREFIX}${workerId}`;
}

/** The worker id in a start parameter made by workerStartParam, or undefined. */
export function workerIdFromStartParam(startParam: string): string | undefined {
  const match = /^worker_([0-9a-f]{64})$/.exec(startParam);
  return match?.[1];
}
