/**
 * `GET /v1/workers` (WIRE.md 2.2): the linked workers, each with its record exactly as the worker
 * published it. The relay vouches for none of it: the app verifies each record's attestation
 * itself and checks that `workerId` is the record's receipt key.
 */
import type { FastifyInstance } from 'fastify';
import type { WorkerPool } from './worker-pool';

export function registerWorkersRoute(app: FastifyInstance, pool: WorkerPool): void {
  app.get('/v1/workers', async () => ({
    workers: pool.list().map((worker) => ({
      workerId: worker.workerId,
      model: worker.announcement.model,
      pricePerMillion: worker.announcement.pricePerMillion.toString(),
      online: true,
      load: { active: worker.active, maxConcurrent: worker.announcement.maxConcurrent },
      record: worker.announcement.record,
    })),
  }));
}
