import { z } from 'zod';
import { QUEUE } from './queues';
import { jobSpec } from './spec';

const op = z.object({
  lostJobId: z.string().max(200),
  account: z.string().max(64),
  region: z.string().max(32),
  instanceId: z.string().max(32),
  instance: z.string().max(300),
  op: z.string().max(32),
  requester: z.string().max(64).optional(),
  status: z.string().max(32),
  state: z.string().max(100).optional(),
});

/** One channel's notice: its message and what it lists (updated as the operations end). */
export const noticeSchema = z.object({
  channel: z.string().max(32),
  ts: z.string().max(32).optional(),
  ops: z.array(op).max(500),
  approvals: z.array(z.string().max(400)).max(500),
  plans: z.array(z.string().max(100)).max(100),
});

/**
 * `data-loss`: after Redis lost its data (src/recovery/sentinel.ts) — or at a worker start that found
 * no sentinel — sweeps the in-flight records, marks lost approvals, re-plans lost maintenance plans,
 * posts one notice per affected channel and keeps it up to date until every salvaged operation ended.
 * On `schedules` beside the sweep it replaces at such a start; it parks between looks (no slot held).
 */
export const DATA_LOSS = jobSpec({
  queue: QUEUE.schedules,
  name: 'data-loss',
  schema: z.object({
    correlationId: z.string().min(1).max(64),
    cause: z.enum(['fresh', 'lost']),
    at: z.string(),
    notices: z.array(noticeSchema).max(200).optional(),
  }),
});
