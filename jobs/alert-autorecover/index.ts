import { AlertOutbox } from '../../src/alerts/outbox';
import type { Deps } from '../../src/deps';
import { type Alert, type AlertEntity, isResolved } from '../../src/domain/alert';
import { mentions } from '../../src/domain/mentions';
import { ALERT_AUTORECOVER } from '../../src/jobs/alertAutorecover';
import type { Logger } from '../../src/logger';
import { startOperation } from '../../src/ops/request';
import { defineJob } from '../../src/process/jobDefinition';
import type { SlackMessage } from '../../src/slack/message';
import { noteView } from '../../src/views/alertThread';
import { errorView } from '../../src/views/error';
import { code } from '../../src/views/text';
import { awsRecoversIt } from './awsRecovery';

/** Requests one pre-approved recover through the operations contract and says how it went. */
async function recoverOne(
  deps: Deps,
  a: Alert,
  e: AlertEntity,
  cid: string,
  say: (t: string | SlackMessage) => Promise<void>,
  log: Logger,
) {
  const id = e.instanceId as string;
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
      correlationId: cid,
    });
    await say(
      `Auto-recover of ${code(id)} ${started.state === 'queued' ? 'is running' : `is ${started.state}`} (${code(started.id)}).`,
    );
  } catch (err) {
    log.error({ err, instanceId: id }, 'auto-recover could not start');
    await say(errorView(err, cid, `:x: Auto-recover of ${code(id)} could not start:`));
  }
}

/**
 * Opt-in auto-recover: a system status check ALARM (or AWS's failed automatic recovery) nobody
 * acknowledged within `auto_recover.after_minutes` is recovered through the operations contract
 * (pre-approved as `auto-recover`), announced in the thread — except an instance AWS's simplified
 * automatic recovery is handling (awsRecoversIt: the bot never races AWS). At most `max_per_hour`
 * per account: beyond it, page on-call and stop.
 */
export const alertAutoRecoverJob = defineJob({
  ...ALERT_AUTORECOVER,
  create: (deps) => {
    const store = deps.stores.alerts;
    return async (data, { log }) => {
      const a = await store.get(data.alertId);
      const account = a ? deps.config.accounts.get(a.account) : undefined;
      if (!a || !account?.auto_recover?.enabled) return { outcome: 'not-configured' };
      if ((await store.marks(a.id)).ack || isResolved(a)) return { outcome: 'not-needed' };
      const outbox = new AlertOutbox(deps);
      const say = (text: string | SlackMessage) =>
        outbox.push(a.channel, {
          t: 'reply',
          alertId: a.id,
          ...(typeof text === 'string' ? noteView(text) : text),
        });
      const targets: AlertEntity[] = [];
      for (const e of a.entities.filter((x) => x.state === 'open' && x.instanceId)) {
        if (!(await awsRecoversIt(deps, account, a, e))) targets.push(e);
        else
          await say(
            `:hourglass_flowing_sand: Not auto-recovering ${code(e.entity)}: AWS's simplified automatic recovery is on for it and recovers it itself, keeping its public IP — a stop + start now would race it and change the IP. If AWS's recovery fails, its failure alert follows and the bot recovers it then.`,
          );
      }
      if (targets.length === 0) return { outcome: 'aws-recovers' };
      const count = await store.countAutoRecover(a.account, deps.now(), targets.length);
      if (count > account.auto_recover.max_per_hour) {
        await say(
          `:octagonal_sign: ${mentions(account.oncall)} Auto-recover stopped: ${account.auto_recover.max_per_hour} automatic recoveries per hour is the limit for *${a.account}*. Recover by hand if needed.`,
        );
        log.warn({ alertId: a.id, count }, 'auto-recover cap reached');
        return { outcome: 'capped' };
      }
      for (const e of targets) {
        await say(
          `:robot_face: Not acknowledged in ${account.auto_recover.after_minutes} min: auto-recovering ${code(e.entity)}.`,
        );
        await recoverOne(deps, a, e, data.correlationId, say, log);
      }
      return { outcome: 'started', instances: targets.length };
    };
  },
});
