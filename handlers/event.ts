import type { App } from '@slack/bolt';
import type { WebDeps } from '../src/deps';
import { newCorrelationId } from '../src/errors/appError';
import { HOME } from '../src/jobs/home';

/**
 * Slack events (Events API). `app_home_opened` on the Home tab enqueues the job that publishes the
 * user's Home (Bolt acks events itself); the web process reads nothing and calls no AWS. The job id
 * comes from the event's ts, so a redelivered event is one job.
 * https://api.slack.com/events/app_home_opened
 */
export function registerEvents(app: App, deps: WebDeps): void {
  app.event('app_home_opened', async ({ event }) => {
    if (event.tab !== 'home') return;
    const correlationId = newCorrelationId();
    try {
      await deps.queues.enqueue(
        HOME,
        { correlationId, user: event.user },
        { jobId: `home-${event.user}-${event.event_ts}`.replace(/[^\w.-]/g, '_'), attempts: 2 },
      );
    } catch (err) {
      deps.log.error({ err, cid: correlationId, user: event.user }, 'App Home not enqueued');
    }
  });
}
