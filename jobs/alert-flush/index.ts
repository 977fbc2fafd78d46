import { AlertBuckets } from '../../src/alerts/buckets';
import { buildAlert } from '../../src/alerts/buildAlert';
import { countAlert } from '../../src/alerts/counters';
import { alertTarget } from '../../src/alerts/route';
import { AUTO_RECOVERY_SUCCESS } from '../../src/domain/healthEvent';
import { ALERT_FLUSH } from '../../src/jobs/alertFlush';
import { defineJob } from '../../src/process/jobDefinition';
import { applyChanges, closeLoops } from './changes';
import { placeAlert } from './place';
import { routeSignals } from './route';

/**
 * Flushes one bucket of an aggregation window (one flush of an account and type at a time): signals of
 * entities no open incident knows are routed per instance (team channel or account channel, mutes) and
 * open a message per destination — or join the message the window already has there; signals of
 * known entities update their alert (what repeated, states, thread); a new ALARM on an alert closed by
 * hand, by an operation, or resolved over an hour ago opens a new incident; `running` and AWS's own
 * successful recovery close the loop on a status-check alert; a stop the bot expected (its own
 * operation, a Spot warning) raises nothing. A retry after a partial failure sees the same signals;
 * those already indexed count as changes that change nothing, so a retry does not post twice.
 */
export const alertFlushJob = defineJob({
  ...ALERT_FLUSH,
  create: (deps) => {
    const buckets = new AlertBuckets(deps.redis, deps.keyPrefix);
    const tuning = deps.tuning.alerts;
    return async (data, { log }) =>
      buckets.exclusive(data.accountId, data.type, async () => {
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
        const r = await routeSignals(deps, target, signals);
        if (r.expected) await countAlert(deps, 'ignored:expected-stop', r.expected);
        const draft = buildAlert(target, data.accountId, r.fresh, deps.now());
        const placed = draft
          ? await placeAlert(deps, buckets, target, draft, r.fresh, tuning, log)
          : undefined;
        const updated = await applyChanges(deps, r.changes);
        const recovered = r.fresh.filter((s) => s.type === AUTO_RECOVERY_SUCCESS);
        const loops = await closeLoops(deps, target.alias, [...r.running, ...recovered]);
        await buckets.done(data.accountId, data.type, data.bucketId);
        return { signals: signals.length, ...placed, updated, loops };
      });
  },
});
