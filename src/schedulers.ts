import { registerDigestSchedules } from '../jobs/maintenance-digest/register';
import { registerSweepSchedules } from '../jobs/maintenance-sweep/register';
import { registerSnapshotSchedules } from '../jobs/snapshots-scheduled/register';
import type { Deps } from './deps';
import { OPS_SWEEP } from './jobs/opsSweep';
import { ORG_REFRESH } from './jobs/orgRefresh';
import { QUEUE } from './jobs/queues';

const SWEEP_EVERY_MS = 10 * 60_000;

export interface SchedulersResult {
  /** Scheduler ids now in Redis (upserted). */
  registered: string[];
  /** Groups that could not be registered (logged with their error). */
  failed: string[];
}

/**
 * Every BullMQ Job Scheduler the bot needs, registered (upserted: idempotent, so any number of workers
 * may call it): the in-flight sweep, each account's snapshot schedule, weekly maintenance digest and
 * standing maintenance plan's sweep (`maintenance.watch`), and the organization refresh. The one list — a worker start and a Redis data loss (src/recovery) both
 * call it, so a Redis that forgot its schedulers gets all of them back at once.
 * https://docs.bullmq.io/guide/job-schedulers
 */
export async function registerSchedulers(deps: Deps): Promise<SchedulersResult> {
  const registered: string[] = [];
  const failed: string[] = [];
  const groups: [string, () => Promise<string[]>][] = [
    ['in-flight sweep', () => scheduleSweeps(deps)],
    ['snapshot schedules', async () => (await registerSnapshotSchedules(deps)).upserted],
    ['maintenance digests', async () => (await registerDigestSchedules(deps)).upserted],
    ['standing maintenance plans', async () => (await registerSweepSchedules(deps)).upserted],
    ['organization refresh', () => scheduleOrgRefresh(deps)],
  ];
  await Promise.all(
    groups.map(async ([name, register]) => {
      try {
        registered.push(...(await register()));
      } catch (err) {
        failed.push(name);
        deps.log.error({ err }, `${name} not scheduled`);
      }
    }),
  );
  return { registered, failed };
}

/** The in-flight sweep (src/ops/sweep.ts) every 10 minutes. */
async function scheduleSweeps(deps: Deps): Promise<string[]> {
  await deps.queues
    .get(QUEUE.schedules)
    .upsertJobScheduler(
      OPS_SWEEP.name,
      { every: SWEEP_EVERY_MS },
      { name: OPS_SWEEP.name, data: { correlationId: 'ops-sweep' } },
    );
  return [OPS_SWEEP.name];
}

/**
 * With `organization:`, the account discovery every refresh_minutes (one scheduler however many
 * workers run) and once now; without it, no scheduler (one left by an earlier config is removed).
 */
async function scheduleOrgRefresh(deps: Deps): Promise<string[]> {
  const queue = deps.queues.get(QUEUE.schedules);
  const org = deps.config.organization;
  if (!org) {
    await queue.removeJobScheduler(ORG_REFRESH.name);
    return [];
  }
  await deps.registry.sync(true);
  await queue.upsertJobScheduler(
    ORG_REFRESH.name,
    { every: org.refresh_minutes * 60_000 },
    { name: ORG_REFRESH.name, data: { correlationId: 'org-refresh' } },
  );
  return [ORG_REFRESH.name];
}
