import {
  WebAPIPlatformError,
  WebAPIRateLimitedError,
  WebClient,
  WebClientEvent,
  type WebClientOptions,
} from '@slack/web-api';
import type { SlackMessage } from './message';

/** Messages the bot posts and updates in channels (not response_url answers). */
export interface Notifier {
  post(channel: string, message: PostOptions): Promise<{ ts: string; channel: string }>;
  update(channel: string, ts: string, message: SlackMessage): Promise<void>;
  usergroupMembers(usergroup: string): Promise<string[]>;
  /** The message's permalink (chat.getPermalink); undefined when Slack does not give one. */
  permalink(channel: string, ts: string): Promise<string | undefined>;
}

/** A message and where it goes in a thread; `reply_broadcast` also shows a thread reply in the channel. */
export type PostOptions = SlackMessage & { thread_ts?: string; reply_broadcast?: boolean };

/** What a failed Web API call means to the caller: wait, give this message up, or try again soon. */
export type SlackFailure =
  | { kind: 'rate-limited'; retryAfterMs: number }
  | { kind: 'refused'; error: string }
  | { kind: 'unreachable' };

/**
 * Classifies a Notifier error by @slack/web-api 8's error classes (a 429 is WebAPIRateLimitedError
 * with `retryAfter` seconds; Slack's `ok: false` is WebAPIPlatformError with `data.error`); anything
 * else (network, 5xx) is worth another try.
 */
export function slackFailure(err: unknown): SlackFailure {
  if (err instanceof WebAPIRateLimitedError) {
    return { kind: 'rate-limited', retryAfterMs: Math.max(1, err.retryAfter) * 1000 };
  }
  if (err instanceof WebAPIPlatformError) return { kind: 'refused', error: err.data.error };
  return { kind: 'unreachable' };
}

/** Notifier on the Slack Web API. Rate-limit (429) handling stays with the caller: it re-queues. */
export class SlackNotifier implements Notifier {
  readonly client: WebClient;

  constructor(
    token: string,
    slackApiUrl: string,
    opts: WebClientOptions = {},
    private readonly onRateLimited: (method: string) => void = () => {},
  ) {
    this.client = new WebClient(token, {
      slackApiUrl,
      rejectRateLimitedCalls: true,
      retryConfig: { retries: 2, factor: 2, minTimeout: 200, maxTimeout: 2000 },
      ...opts,
    });
    this.client.on(WebClientEvent.RATE_LIMITED, (_retryAfter: number, { method }: { method: string }) =>
      this.onRateLimited(method),
    );
  }

  async post(channel: string, message: PostOptions): Promise<{ ts: string; channel: string }> {
    const base = {
      channel,
      text: message.text,
      blocks: message.blocks,
      unfurl_links: false,
      unfurl_media: false,
    };
    const res = await this.client.chat.postMessage(
      message.thread_ts
        ? { ...base, thread_ts: message.thread_ts, reply_broadcast: message.reply_broadcast === true }
        : base,
    );
    return { ts: String(res.ts), channel: String(res.channel ?? channel) };
  }

  async update(channel: string, ts: string, message: SlackMessage): Promise<void> {
    await this.client.chat.update({ channel, ts, text: message.text, blocks: message.blocks ?? [] });
  }

  async permalink(channel: string, ts: string): Promise<string | undefined> {
    try {
      const res = await this.client.chat.getPermalink({ channel, message_ts: ts });
      return res.permalink;
    } catch {
      return undefined;
    }
  }

  async usergroupMembers(usergroup: string): Promise<string[]> {
    const res = await this.client.usergroups.users.list({ usergroup });
    return res.users ?? [];
  }
}
