import type { Logger } from '../logger';
import type { ResponseMessage } from './message';
import type { NotifierHooks } from './notifier';
import { type SlackFailure, slackDeadlineMs, withSlackRetry } from './slackRetry';

export class ResponseUrlError extends Error {
  constructor(
    readonly status: number,
    readonly retryAfterSeconds?: number,
    /** Slack's `error` when it answered HTTP 200 `{ok:false, error}`. */
    readonly slackError?: string,
  ) {
    super(`response_url answered ${status}${slackError ? ` ${slackError}` : ''}`);
    this.name = 'ResponseUrlError';
  }
}

const TRANSIENT = new Set(['internal_error', 'service_unavailable', 'fatal_error', 'request_timeout']);

/** 5xx, 429 and network failures are Slack's (retried); another status (404 expired_url) is final. */
function classifyResponseError(err: unknown): SlackFailure {
  if (err instanceof ResponseUrlError) {
    if (err.slackError)
      return TRANSIENT.has(err.slackError)
        ? { kind: 'transient', error: err.slackError }
        : { kind: 'refused', error: err.slackError };
    if (err.status === 429)
      return { kind: 'rate-limited', error: 'http_429', retryAfterMs: (err.retryAfterSeconds ?? 1) * 1000 };
    return err.status >= 500
      ? { kind: 'transient', error: `http_${err.status}` }
      : { kind: 'refused', error: `http_${err.status}` };
  }
  const name = (err as { name?: string })?.name;
  // fetch rejects with TypeError on a network failure, TimeoutError on our own timeout
  if (name === 'TypeError' || name === 'TimeoutError' || name === 'AbortError')
    return { kind: 'transient', error: 'request_error' };
  return { kind: 'not-slack', error: name ?? 'Error' };
}

/**
 * Answers a slash command or button through its `response_url` (5 uses within 30 minutes).
 * Only URLs on Slack's hooks host — or the host of SLACK_API_URL, where tests run a fake — are used:
 * a job payload is data, and data does not choose where the bot sends messages. A Slack outage is
 * waited out (backoff up to EC2BOT_SLACK_DEADLINE_MS, default 10 min — well inside the URL's 30 min).
 */
export class Responder {
  private readonly allowedHosts: Set<string>;
  private readonly deadlineMs: number;

  constructor(
    slackApiUrl: string,
    private readonly log: Logger,
    private readonly fetchImpl: typeof fetch = fetch,
    private readonly hooks: NotifierHooks = {},
    env: NodeJS.ProcessEnv = process.env,
  ) {
    this.allowedHosts = new Set(['hooks.slack.com', new URL(slackApiUrl).host]);
    this.deadlineMs = slackDeadlineMs(env);
  }

  isAllowed(url: string): boolean {
    try {
      const u = new URL(url);
      const local = u.hostname === '127.0.0.1' || u.hostname === 'localhost';
      return (u.protocol === 'https:' || local) && this.allowedHosts.has(u.host);
    } catch {
      return false;
    }
  }

  async respond(url: string, message: ResponseMessage): Promise<void> {
    if (!this.isAllowed(url)) {
      this.log.warn({ host: safeHost(url) }, 'response_url host not allowed; answer dropped');
      return;
    }
    await withSlackRetry('response_url', () => this.once(url, message), {
      deadlineMs: this.deadlineMs,
      hooks: this.hooks,
      classify: classifyResponseError,
    });
  }

  private async once(url: string, message: ResponseMessage): Promise<void> {
    const res = await this.fetchImpl(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify(message),
      signal: AbortSignal.timeout(10_000),
    });
    const text = await res.text().catch(() => '');
    if (res.ok) {
      // Slack may answer 200 with {ok:false, error} (its own fault, or a refusal): not delivered.
      const slackError = okFalse(text);
      if (slackError) throw new ResponseUrlError(res.status, undefined, slackError);
      return;
    }
    {
      if (res.status === 429) this.hooks.onRateLimited?.('response_url');
      const retry = Number(res.headers.get('retry-after'));
      throw new ResponseUrlError(res.status, Number.isFinite(retry) && retry > 0 ? retry : undefined);
    }
  }
}

/** The `error` of a `{"ok":false,…}` body, else undefined (Slack also answers a bare `ok`). */
function okFalse(text: string): string | undefined {
  if (!text.startsWith('{')) return undefined;
  try {
    const body = JSON.parse(text) as { ok?: unknown; error?: unknown };
    return body.ok === false ? String(body.error ?? 'unknown') : undefined;
  } catch {
    return undefined;
  }
}

const safeHost = (url: string): string => {
  try {
    return new URL(url).host;
  } catch {
    return 'invalid-url';
  }
};
