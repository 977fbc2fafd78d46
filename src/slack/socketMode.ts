import { type App, type Logger, type Receiver, type ReceiverEvent, SocketModeReceiver } from '@slack/bolt';
import type { Logger as AppLogger } from '../logger';
import type { Metrics } from '../metrics';
import type { Redis } from '../redis/client';
import { redisKeys } from '../redis/keys';

/** What the receiver needs of the web process: the shared Redis, the key prefix, logs and metrics. */
export interface SocketModeDeps {
  redis: Redis;
  keyPrefix: string;
  log: AppLogger;
  metrics: Metrics;
}

/** How long an envelope's ack is remembered: far past Slack's last retry of it. */
const REMEMBER_S = 3600;

export interface SocketModeOptions {
  appToken: string;
  logger: Logger;
  /** The Web API base the app-level token's `apps.connections.open` goes to (SLACK_API_URL). */
  slackApiUrl: string;
}

/**
 * Bolt's SocketModeReceiver, with Slack's redelivery made harmless. Slack sends an envelope again
 * (`retry_attempt` + 1, same `envelope_id`) when its ack did not arrive — the connection dropped or was
 * refreshed after the app had already done the work. Every ack's payload is kept in Redis under the
 * envelope id for an hour (all web replicas share it); a redelivered envelope that finds one is acked
 * with the same payload and not handled again, so nothing is enqueued or decided twice. An envelope
 * redelivered while its first delivery is still running (no ack yet) is handled again: the job ids
 * derived from the trigger id keep that one job. Ack latency is observed as on the HTTP route.
 * https://docs.slack.dev/apis/events-api/using-socket-mode
 */
export function socketModeReceiver(deps: SocketModeDeps, opts: SocketModeOptions): Receiver {
  const inner = new SocketModeReceiver({
    appToken: opts.appToken,
    logger: opts.logger,
    installerOptions: { clientOptions: { slackApiUrl: opts.slackApiUrl } },
    customPropertiesExtractor: (args: { envelope_id?: string }) => ({ envelopeId: args.envelope_id }),
  });
  return {
    init(app: App) {
      const guarded = { processEvent: (event: ReceiverEvent) => handle(deps, app, event) };
      inner.init(guarded as unknown as App);
    },
    start: () => inner.start(),
    stop: () => inner.stop(),
  };
}

async function handle(deps: SocketModeDeps, app: App, event: ReceiverEvent): Promise<void> {
  const started = performance.now();
  const envelopeId = event.customProperties?.envelopeId;
  if (typeof envelopeId !== 'string') return app.processEvent(event);
  const key = redisKeys(deps.keyPrefix).slackEnvelope(envelopeId);
  if ((event.retryNum ?? 0) > 0) {
    const first = await deps.redis.get(key).catch(() => null);
    if (first !== null) {
      deps.log.info(
        { envelopeId, retryNum: event.retryNum, retryReason: event.retryReason },
        'Socket Mode: redelivered envelope answered with its first ack',
      );
      await event.ack(JSON.parse(first) ?? undefined);
      return;
    }
  }
  const ack: ReceiverEvent['ack'] = async (response) => {
    await deps.redis
      .set(key, JSON.stringify(response ?? null), 'EX', REMEMBER_S)
      .catch((err: Error) =>
        deps.log.warn({ err: { message: err.message } }, 'Socket Mode: ack not remembered'),
      );
    deps.metrics.ackSeconds.observe({ kind: 'slack' }, (performance.now() - started) / 1000);
    await event.ack(response);
  };
  return app.processEvent({ ...event, ack });
}
