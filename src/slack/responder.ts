import type { Logger } from '../logger';
import type { ResponseMessage } from './message';

export class ResponseUrlError extends Error {
  constructor(
    readonly status: number,
    readonly retryAfterSeconds?: number,
  ) {
    super(`response_url answered ${status}`);
    this.name = 'ResponseUrlError';
  }
}

/**
 * Answers a slash command or button through its `response_url` (5 uses within 30 minutes).
 * Only URLs on Slack's hooks host — or the host of SLACK_API_URL, where tests run a fake — are used:
 * a job payload is data, and data does not choose where the bot sends messages.
 */
export class Responder {
  private readonly allowedHosts: Set<string>;

  constructor(
    slackApiUrl: string,
    private readonly log: Logger,
    private readonly fetchImpl: typeof fetch = fetch,
    private readonly onRateLimited: () => void = () => {},
  ) {
    this.allowedHosts = new Set(['hooks.slack.com', new URL(slackApiUrl).host]);
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
    const res = await this.fetchImpl(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify(message),
      signal: AbortSignal.timeout(10_000),
    });
    if (!res.ok) {
      if (res.status === 429) this.onRateLimited();
      const retry = Number(res.headers.get('retry-after'));
      throw new ResponseUrlError(res.status, Number.isFinite(retry) && retry > 0 ? retry : undefined);
    }
  }
}

const safeHost = (url: string): string => {
  try {
    return new URL(url).host;
  } catch {
    return 'invalid-url';
  }
};
