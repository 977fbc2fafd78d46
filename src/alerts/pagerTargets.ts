import type { Account } from '../config/types';
import type { Alert } from '../domain/alert';

/** The three things a pager hears about an incident, in the order an incident lives them. */
export type PageAction = 'trigger' | 'acknowledge' | 'resolve';

export class PagerError extends Error {
  constructor(
    readonly target: string,
    readonly status: number,
    /** 4xx other than 429: the pager refused the event; sending it again will not help. */
    readonly final: boolean,
  ) {
    super(`${target} answered ${status}`);
    this.name = 'PagerError';
  }
}

export interface PageContext {
  alert: Alert;
  /** Who acknowledged / resolved it in Slack, when someone did. */
  by?: string;
  title: string;
}

export interface PagerTarget {
  /** `pagerduty` or `webhook`: the key its sent state is kept under. */
  key: string;
  send(action: PageAction, ctx: PageContext): Promise<void>;
}

export interface PagerOptions {
  /** PAGERDUTY_EVENTS_URL (default https://events.pagerduty.com/v2/enqueue). */
  eventsUrl: string;
  env: NodeJS.ProcessEnv;
  fetchImpl?: typeof fetch;
}

async function postJson(
  target: string,
  url: string,
  body: unknown,
  headers: Record<string, string>,
  fetchImpl: typeof fetch,
): Promise<void> {
  let res: Response;
  try {
    res = await fetchImpl(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(10_000),
      redirect: 'error',
    });
  } catch {
    throw new PagerError(target, 0, false);
  }
  await res.body?.cancel().catch(() => {});
  if (!res.ok)
    throw new PagerError(target, res.status, res.status >= 400 && res.status < 500 && res.status !== 429);
}

/**
 * PagerDuty Events API v2 (https://v2.developer.pagerduty.com/docs/send-an-event-events-api-v2):
 * `dedup_key` = the alert id, so acknowledge and resolve find the incident the trigger opened.
 */
function pagerDuty(account: Account, o: PagerOptions): PagerTarget | undefined {
  const cfg = account.pagerduty;
  const key = cfg ? o.env[cfg.routing_key_env] : undefined;
  if (!cfg || !key) return undefined;
  return {
    key: 'pagerduty',
    send: (action, { alert: a, title }) => {
      const first = a.entities[0];
      const body: Record<string, unknown> = { routing_key: key, event_action: action, dedup_key: a.id };
      if (action === 'trigger')
        body.payload = {
          summary: title.slice(0, 1024),
          source: `${a.account}/${first?.region ?? 'unknown'}`,
          severity: cfg.severity,
          timestamp: a.createdAt,
          component: first?.entity,
          group: a.account,
          class: a.type,
          custom_details: {
            account: a.account,
            account_id: a.accountId,
            entities: a.entities.slice(0, 50).map((e) => `${e.entity} ${e.region} ${e.statusText}`),
            slack_channel: a.channel,
          },
        };
      return postJson('pagerduty', o.eventsUrl, { ...body, client: 'ec2-ops-bot' }, {}, o.fetchImpl ?? fetch);
    },
  };
}

/** Any JSON endpoint (`alert_webhook`): the same three events, Bearer token when configured. */
function webhook(account: Account, o: PagerOptions): PagerTarget | undefined {
  const cfg = account.alert_webhook;
  const url = cfg ? o.env[cfg.url_env] : undefined;
  if (!cfg || !url) return undefined;
  const token = cfg.token_env ? o.env[cfg.token_env] : undefined;
  return {
    key: 'webhook',
    send: (action, { alert: a, by, title }) =>
      postJson(
        'webhook',
        url,
        {
          event: action,
          dedup_key: a.id,
          title,
          account: a.account,
          account_id: a.accountId,
          type: a.type,
          urgent: a.urgent,
          created_at: a.createdAt,
          by,
          entities: a.entities
            .slice(0, 50)
            .map((e) => ({ id: e.entity, region: e.region, status: e.statusText })),
          slack: { channel: a.channel, ts: a.ts },
        },
        token ? { authorization: `Bearer ${token}` } : {},
        o.fetchImpl ?? fetch,
      ),
  };
}

/** The pager targets of an account whose environment variables are set. */
export function pagerTargets(account: Account, o: PagerOptions): PagerTarget[] {
  return [pagerDuty(account, o), webhook(account, o)].filter((t): t is PagerTarget => !!t);
}
