import type { KnownBlock } from '@slack/types';
import { WebClient, WebClientEvent, type WebClientOptions } from '@slack/web-api';
import type { SlackMessage } from './message';
import { type SlackRetryHooks, slackDeadlineMs, withSlackRetry } from './slackRetry';

/** Slack message metadata: marks a message as the bot's own post of something (an alert id). */
export interface MessageMetadata {
  event_type: string;
  event_payload: Record<string, string>;
}

export interface SendOptions {
  /**
   * false: one attempt, the caller handles failures itself (the alert outbox parks its drainer instead
   * of holding a worker through a Slack outage). Default: retried through an outage up to the deadline.
   */
  retry?: boolean;
}

/** Messages the bot posts and updates in channels (not response_url answers). */
export interface Notifier {
  post(channel: string, message: PostOptions, opts?: SendOptions): Promise<{ ts: string; channel: string }>;
  update(channel: string, ts: string, message: SlackMessage, opts?: SendOptions): Promise<void>;
  usergroupMembers(usergroup: string): Promise<string[]>;
  /** The message's permalink (chat.getPermalink); undefined when Slack does not give one. */
  permalink(channel: string, ts: string): Promise<string | undefined>;
  /** Publishes the user's App Home tab (views.publish; needs no scope beyond the bot's). */
  publishHome?(user: string, view: HomeView): Promise<void>;
  /** The user's time zone as Slack knows it (users.info `tz`, e.g. Asia/Seoul). */
  userTimeZone?(user: string): Promise<string | undefined>;
  /**
   * The ts of the bot's recent message in `channel` whose metadata is `event_type` with payload
   * `key` = `value`, posted after `since` — how a post whose answer was lost is found again.
   */
  findPosted?(
    channel: string,
    match: { eventType: string; key: string; value: string },
    since: Date,
  ): Promise<string | undefined>;
  /**
   * The channel's messages since `since`, newest first, with their metadata (conversations.history with
   * include_all_metadata; a few pages at most) — how posts are found again after the bot's Redis forgot them.
   */
  history?(channel: string, since: Date): Promise<PastMessage[]>;
  /** Channels the bot is a member of (users.conversations; needs channels:read and groups:read). */
  memberChannels?(): Promise<string[]>;
}

/** A message as conversations.history returns it: what a recovery needs to find the bot's own posts. */
export interface PastMessage {
  ts: string;
  text?: string;
  blocks?: KnownBlock[];
  metadata?: MessageMetadata;
}

/** A Home tab view (Block Kit `type: home`). */
export interface HomeView {
  type: 'home';
  blocks: KnownBlock[];
}

/**
 * A message and where it goes in a thread; `reply_broadcast` also shows a thread reply in the channel;
 * `metadata` marks the bot's own post of something (an alert id) so it can be found again.
 */
export type PostOptions = SlackMessage & {
  thread_ts?: string;
  reply_broadcast?: boolean;
  metadata?: MessageMetadata;
};

export interface NotifierHooks extends SlackRetryHooks {
  onRateLimited?(method: string): void;
}

/**
 * Notifier on the Slack Web API. The client itself does not retry (one layer of retries, here): a
 * transient failure — network, 5xx, `internal_error`/`service_unavailable`, 429 — is retried with
 * backoff until EC2BOT_SLACK_DEADLINE_MS (default 10 min); a refusal (`channel_not_found`, …) is not.
 */
export class SlackNotifier implements Notifier {
  readonly client: WebClient;
  private readonly deadlineMs: number;

  constructor(
    token: string,
    slackApiUrl: string,
    opts: WebClientOptions = {},
    private readonly hooks: NotifierHooks = {},
    env: NodeJS.ProcessEnv = process.env,
  ) {
    this.client = new WebClient(token, {
      slackApiUrl,
      rejectRateLimitedCalls: true,
      retryConfig: { retries: 0 },
      timeout: 15_000,
      ...opts,
    });
    this.deadlineMs = slackDeadlineMs(env);
    this.client.on(WebClientEvent.RATE_LIMITED, (_retryAfter: number, { url }: { url: string }) =>
      this.hooks.onRateLimited?.(String(url).split('/').pop() ?? 'unknown'),
    );
  }

  private send<T>(method: string, call: () => Promise<T>, opts: SendOptions = {}): Promise<T> {
    if (opts.retry === false) return call();
    return withSlackRetry(method, call, { deadlineMs: this.deadlineMs, hooks: this.hooks });
  }

  async post(
    channel: string,
    message: PostOptions,
    opts?: SendOptions,
  ): Promise<{ ts: string; channel: string }> {
    const base = {
      channel,
      text: message.text,
      blocks: message.blocks,
      metadata: message.metadata,
      unfurl_links: false,
      unfurl_media: false,
    };
    const res = await this.send(
      'chat.postMessage',
      () =>
        this.client.chat.postMessage(
          message.thread_ts
            ? { ...base, thread_ts: message.thread_ts, reply_broadcast: message.reply_broadcast === true }
            : base,
        ),
      opts,
    );
    return { ts: String(res.ts), channel: String(res.channel ?? channel) };
  }

  async update(channel: string, ts: string, message: SlackMessage, opts?: SendOptions): Promise<void> {
    await this.send(
      'chat.update',
      () => this.client.chat.update({ channel, ts, text: message.text, blocks: message.blocks ?? [] }),
      opts,
    );
  }

  async publishHome(user: string, view: HomeView): Promise<void> {
    await this.send('views.publish', () => this.client.views.publish({ user_id: user, view }));
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
    const res = await this.send('usergroups.users.list', () =>
      this.client.usergroups.users.list({ usergroup }),
    );
    return res.users ?? [];
  }

  async userTimeZone(user: string): Promise<string | undefined> {
    const res = await this.client.users.info({ user });
    return res.user?.tz ?? undefined;
  }

  async findPosted(
    channel: string,
    match: { eventType: string; key: string; value: string },
    since: Date,
  ): Promise<string | undefined> {
    const res = await this.client.conversations.history({
      channel,
      oldest: String(Math.floor(since.getTime() / 1000) - 60),
      include_all_metadata: true,
      limit: 200,
    });
    const hit = (res.messages ?? []).find(
      (m) =>
        m.metadata?.event_type === match.eventType &&
        (m.metadata.event_payload as Record<string, unknown> | undefined)?.[match.key] === match.value,
    );
    return hit?.ts;
  }

  async memberChannels(): Promise<string[]> {
    const out: string[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < HISTORY_PAGES; page++) {
      const res = await this.send('users.conversations', () =>
        this.client.users.conversations({
          types: 'public_channel,private_channel',
          exclude_archived: true,
          limit: 200,
          cursor,
        }),
      );
      for (const c of res.channels ?? []) if (c.id) out.push(c.id);
      cursor = res.response_metadata?.next_cursor || undefined;
      if (!cursor) break;
    }
    return out;
  }

  async history(channel: string, since: Date): Promise<PastMessage[]> {
    const out: PastMessage[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < HISTORY_PAGES; page++) {
      const res = await this.send('conversations.history', () =>
        this.client.conversations.history({
          channel,
          oldest: String(Math.floor(since.getTime() / 1000)),
          include_all_metadata: true,
          limit: 200,
          cursor,
        }),
      );
      for (const m of res.messages ?? [])
        if (m.ts)
          out.push({
            ts: m.ts,
            text: m.text,
            blocks: m.blocks as KnownBlock[] | undefined,
            metadata: m.metadata as MessageMetadata | undefined,
          });
      cursor = res.response_metadata?.next_cursor || undefined;
      if (!res.has_more || !cursor) break;
    }
    return out;
  }
}

/** conversations.history pages read by `history` (200 messages each), users.conversations pages too. */
const HISTORY_PAGES = 5;
