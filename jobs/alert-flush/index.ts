import { AlertBuckets } from '../../src/alerts/buckets';
import { countAlert } from '../../src/alerts/counters';
import { alertTarget } from '../../src/alerts/route';
import { AUTO_RECOVERY_SUCCESS } from '../../src/domain/healthEvent';
import { ALERT_FLUSH } from '../../src/jobs/alertFlush';
import { defineJob } from '../../src/process/jobDefinition';
import { applyChanges, closeLoops } from './changes';
import { buildAlert, openAlert } from './newAlert';
import { routeSignals } from './route';

/**
 * Closes one aggregation window: signals of entities no open incident knows become one new alert (one
 * message); signals of known entities update their alert ("seen N×", states, thread); a new ALARM on
 * an alert closed by hand, by an operation, or resolved over an hour ago opens a new incident;
 * `running` and AWS's own successful recovery close the loop on a status-check alert; a stop the bot
 * expected (its own operation, a Spot warning) raises nothing. A retry after a partial failure sees
 * the same signals; those already indexed count as changes that change nothing, so a retry does not
 * post the alert twice.
 */
export const alertFlushJob = defineJob({
  ...ALERT_FLUSH,
  create: (deps) => {
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
      const r = await routeSignals(deps, target, signals);
      if (r.expected) await countAlert(deps, 'ignored:expected-stop', r.expected);
      const alert = buildAlert(target, data.accountId, r.fresh, deps.now());
      const opened = alert ? await openAlert(deps, alert, target, tuning, log) : undefined;
      const updated = await applyChanges(deps, r.changes);
      const recovered = r.fresh.filter((s) => s.type === AUTO_RECOVERY_SUCCESS);
      const loops = await closeLoops(deps, target.alias, [...r.running, ...recovered]);
      await buckets.done(data.accountId, data.type, data.bucketId);
      return { signals: signals.length, opened, updated, loops };
    };
  },
});
