import { countAlert } from '../../src/alerts/counters';
import { desiredPagerState, type PagerState, pageTransitions, stateAfter } from '../../src/alerts/pager';
import { PagerError, pagerTargets } from '../../src/alerts/pagerTargets';
import { ALERT_PAGE } from '../../src/jobs/alertPage';
import { defineJob } from '../../src/process/jobDefinition';
import { redisKeys } from '../../src/redis/keys';
import { alertTitle } from '../../src/views/alertText';

/**
 * Tells each pager target of the alert's account (PagerDuty, the JSON webhook) what Slack knows now:
 * trigger, acknowledge, resolve. What each target was last told is kept per alert, so a retry or a
 * second job sends nothing twice; jobs for one alert run one at a time (a lock). A target that keeps
 * failing makes the job retry (8 attempts, exponential backoff from 2 s ≈ 8 min); each failure and a
 * final give-up are counted (pager-failed, pager-gave-up) and the give-up logged with the alert id.
 */
export const alertPageJob = defineJob({
  ...ALERT_PAGE,
  create: (deps) => {
    const store = deps.stores.alerts;
    // Under the alert's own hash tag, like its other parts (src/redis/keys.ts).
    const sentKey = (id: string) => redisKeys(deps.keyPrefix).alert(id, 'pager');
    return async (data, { job, log }) =>
      store.withLock(`${data.alertId}:pager`, async () => {
        const a = await store.get(data.alertId);
        const account = a ? deps.config.accounts.get(a.account) : undefined;
        if (!a || !account || !deps.pager) return { outcome: 'gone' };
        const want = desiredPagerState(a, await store.marks(a.id));
        const ctx = {
          alert: a,
          by: data.by,
          title: `${alertTitle(a.type)} — ${a.account}: ${a.entities
            .map((e) => e.entity)
            .slice(0, 5)
            .join(', ')}`,
        };
        const sentOut: Record<string, string> = {};
        for (const target of pagerTargets(account, {
          eventsUrl: deps.pager.eventsUrl,
          env: deps.pager.env,
        })) {
          const sent = (await deps.redis.hget(sentKey(a.id), target.key)) as PagerState | null;
          for (const action of pageTransitions(sent ?? undefined, want)) {
            try {
              await target.send(action, ctx);
            } catch (err) {
              const final = err instanceof PagerError && err.final;
              const last = final || job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
              await countAlert(deps, last ? 'pager-gave-up' : 'pager-failed');
              log[last ? 'error' : 'warn'](
                {
                  alertId: a.id,
                  target: target.key,
                  action,
                  status: (err as PagerError).status,
                  final: last,
                },
                last ? 'pager did not take the event; given up' : 'pager send failed; retrying',
              );
              if (final) break;
              throw err;
            }
            await deps.redis.hset(sentKey(a.id), target.key, stateAfter[action]);
            await deps.redis.expire(sentKey(a.id), 30 * 24 * 3600);
            await countAlert(deps, 'pager-sent');
            sentOut[target.key] = action;
          }
        }
        return { outcome: 'synced', want, sent: sentOut };
      });
  },
});
