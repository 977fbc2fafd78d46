import { AlertBuckets } from '../../src/alerts/buckets';
import { countAlert } from '../../src/alerts/counters';
import { alertTarget } from '../../src/alerts/route';
import { AlertStore } from '../../src/alerts/store';
import type { Deps } from '../../src/deps';
import type { AlertSignal } from '../../src/domain/alertSignal';
import { defineJob } from '../../src/jobDefinition';
import { InstanceLock } from '../../src/ops/lock';
import { QUEUE } from '../../src/queues';
import { applyChanges, closeLoops } from './changes';
import { buildAlert, openAlert } from './newAlert';
import { alertFlushPayload, FLUSH_JOB } from './schema';

/** A stop while an operation of ours holds the instance lock is expected (stop/start, recover). */
async function expectedStop(deps: Deps, alias: string, s: AlertSignal): Promise<boolean> {
  if (s.type !== 'unexpected-stop' || !s.instanceId) return false;
  const lock = new InstanceLock(deps.redis, deps.keyPrefix);
  return (await deps.redis.exists(lock.key(alias, s.region, s.instanceId))) === 1;
}

/**
 * Closes one aggregation window: signals of unknown entities become one new alert (one message);
 * signals of known entities update their alert; `running` closes the loop on a status-check alert.
 * A retry after a partial failure sees the same signals; those already indexed count as changes that
 * change nothing, so a retry does not post the alert twice.
 */
export const alertFlushJob = defineJob({
  queue: QUEUE.alerts,
  name: FLUSH_JOB,
  schema: alertFlushPayload,
  create: (deps) => {
    const store = new AlertStore(deps.redis, deps.keyPrefix);
    const buckets = new AlertBuckets(deps.redis, deps.keyPrefix);
    const tuning = deps.tuning.alerts;
    return async (data, { log }) => {
      const target = alertTarget(deps.config, data.accountId);
      const signals = await buckets.drain(data.accountId, data.type, data.bucketId);
      if (!target) {
        log.warn(
          { accountId: data.accountId, dropped: signals.length },
          'no channel for this account; alert dropped',
        );
        await buckets.done(data.accountId, data.type, data.bucketId);
        return { outcome: 'no-channel' };
      }
      const owners = await store.byEntities(signals.map((s) => s.entityKey));
      const fresh: AlertSignal[] = [];
      const running: AlertSignal[] = [];
      const changes = new Map<string, AlertSignal[]>();
      for (const [i, s] of signals.entries()) {
        const owner = owners[i];
        if (s.type === 'instance-running') running.push(s);
        else if (await expectedStop(deps, target.alias, s)) await countAlert(deps, 'ignored:expected-stop');
        else if (owner)
          changes
            .set(owner, changes.get(owner) ?? [])
            .get(owner)
            ?.push(s);
        else fresh.push(s);
      }
      const alert = buildAlert(target, data.accountId, fresh, deps.now());
      const opened = alert ? await openAlert(deps, alert, target, tuning, log) : undefined;
      const updated = await applyChanges(deps, changes);
      const loops = await closeLoops(deps, target.alias, running);
      await buckets.done(data.accountId, data.type, data.bucketId);
      return { signals: signals.length, opened, updated, loops };
    };
  },
});
