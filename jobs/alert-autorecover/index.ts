import { AlertOutbox } from '../../src/alerts/outbox';
import { AlertStore } from '../../src/alerts/store';
import { AUTORECOVER_JOB } from '../../src/alerts/timers';
import { isResolved } from '../../src/domain/alert';
import { mentions } from '../../src/domain/mentions';
import { userFacing } from '../../src/errors';
import { defineJob } from '../../src/jobDefinition';
import { startOperation } from '../../src/ops/request';
import { QUEUE } from '../../src/queues';
import { noteView } from '../../src/views/alertThread';
import { code } from '../../src/views/text';
import { alertTimerPayload } from '../alert-escalate';

/**
 * Opt-in auto-recover: a system status check ALARM nobody acknowledged within `auto_recover.after_minutes`
 * is recovered through the operations contract (pre-approved as `auto-recover`), announced in the
 * thread. At most `max_per_hour` per account: beyond it, page on-call and stop.
 */
export const alertAutoRecoverJob = defineJob({
  queue: QUEUE.alerts,
  name: AUTORECOVER_JOB,
  schema: alertTimerPayload,
  create: (deps) => {
    const store = new AlertStore(deps.redis, deps.keyPrefix);
    return async (data, { log }) => {
      const a = await store.get(data.alertId);
      const account = a ? deps.config.accounts.get(a.account) : undefined;
      if (!a || !account?.auto_recover?.enabled) return { outcome: 'not-configured' };
      if ((await store.marks(a.id)).ack || isResolved(a)) return { outcome: 'not-needed' };
      const outbox = new AlertOutbox(deps);
      const say = (text: string) => outbox.push(a.channel, { t: 'reply', alertId: a.id, ...noteView(text) });
      const targets = a.entities.filter((e) => e.state === 'open' && e.instanceId);
      const count = await store.countAutoRecover(a.account, deps.now(), targets.length);
      if (count > account.auto_recover.max_per_hour) {
        await say(
          `:octagonal_sign: ${mentions(account.oncall)} Auto-recover stopped: ${account.auto_recover.max_per_hour} automatic recoveries per hour is the limit for *${a.account}*. Recover by hand if needed.`,
        );
        log.warn({ alertId: a.id, count }, 'auto-recover cap reached');
        return { outcome: 'capped' };
      }
      for (const e of targets) {
        const id = e.instanceId as string;
        await say(
          `:robot_face: Not acknowledged in ${account.auto_recover.after_minutes} min: auto-recovering ${code(id)}.`,
        );
        try {
          const started = await startOperation(deps, {
            op: 'recover',
            account: a.account,
            region: e.region,
            instanceId: id,
            requester: 'ec2-ops-bot',
            preApproved: { by: 'ec2-ops-bot', reason: 'auto-recover' },
            channel: a.channel,
            threadTs: a.ts,
            origin: { kind: 'auto', id: a.id },
            correlationId: data.correlationId,
          });
          await say(
            `Auto-recover of ${code(id)} ${started.state === 'queued' ? 'is running' : `is ${started.state}`} (${code(started.id)}).`,
          );
        } catch (err) {
          log.error({ err, instanceId: id }, 'auto-recover could not start');
          await say(
            `:x: Auto-recover of ${code(id)} could not start: ${userFacing(err, data.correlationId)}`,
          );
        }
      }
      return { outcome: 'started', instances: targets.length };
    };
  },
});
