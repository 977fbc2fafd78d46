import { EventEmitter } from 'node:events';

export interface Channel {
  id: string;
  name: string;
}

export interface ChatMessage {
  ts: string;
  channel: string;
  /** Who posted it: the bot's user id or a person's. */
  user: string;
  text: string;
  blocks?: unknown[];
  threadTs?: string;
  /** Set for ephemeral messages: the only user who sees it. */
  ephemeralTo?: string;
  /** How it arrived: Web API, response_url, the ack body of a request, or the person typing. */
  via: 'api' | 'response_url' | 'ack' | 'user' | 'console';
  edited?: boolean;
  /** Something the console noticed about this message that real Slack would treat differently. */
  note?: string;
}

export const BOT_USER = 'UBOT';

/** A user's App Home tab as the bot last published it (views.publish). */
export interface HomeTab {
  id: string;
  blocks: unknown[];
  /** When it was published (ms), so the page can tell a fresh Home from the one before. */
  publishedAt: number;
}

/**
 * The console's workspace in memory: channels, messages, threads and per-user ephemeral messages.
 * Every change bumps `version` and emits `change`, which the page follows over SSE.
 */
export class ChatStore extends EventEmitter {
  readonly channels = new Map<string, Channel>();
  readonly messages: ChatMessage[] = [];
  /** Each user's App Home, as the bot published it. */
  readonly homes = new Map<string, HomeTab>();
  version = 0;
  private seq = 0;

  constructor(channels: Channel[]) {
    super();
    this.setMaxListeners(100);
    for (const c of channels) this.channels.set(c.id, c);
  }

  /** A Slack-style ts: seconds, a dot, six digits; strictly increasing. */
  nextTs(): string {
    this.seq += 1;
    return `${Math.floor(Date.now() / 1000)}.${String(this.seq).padStart(6, '0')}`;
  }

  /** A channel id the bot may post to: a known channel, or a user id (a DM, as Slack opens one). */
  resolveChannel(id: string): Channel | undefined {
    const known = this.channels.get(id);
    if (known) return known;
    if (/^[UW][A-Z0-9]{2,}$/.test(id)) {
      const dm = { id, name: `@${id}` };
      this.channels.set(id, dm);
      return dm;
    }
    return undefined;
  }

  find(channel: string, ts: string): ChatMessage | undefined {
    return this.messages.find((m) => m.channel === channel && m.ts === ts);
  }

  add(msg: Omit<ChatMessage, 'ts'> & { ts?: string }): ChatMessage {
    const full: ChatMessage = { ...msg, ts: msg.ts ?? this.nextTs() };
    if (full.threadTs && !this.isThreadRoot(full.channel, full.threadTs)) {
      full.note =
        'thread_ts names no message in this channel (an ephemeral message or none): real Slack would not show this reply under a visible parent';
    }
    this.messages.push(full);
    this.changed();
    return full;
  }

  replace(channel: string, ts: string, patch: Pick<ChatMessage, 'text' | 'blocks'>): ChatMessage | undefined {
    const m = this.find(channel, ts);
    if (!m) return undefined;
    m.text = patch.text;
    m.blocks = patch.blocks;
    m.edited = true;
    this.changed();
    return m;
  }

  remove(channel: string, ts: string): boolean {
    const i = this.messages.findIndex((m) => m.channel === channel && m.ts === ts);
    if (i < 0) return false;
    this.messages.splice(i, 1);
    this.changed();
    return true;
  }

  /** Keeps the Home tab the bot published for `user` (Slack keeps one per user and app). */
  publishHome(user: string, blocks: unknown[]): HomeTab {
    const home = { id: this.homes.get(user)?.id ?? `V0HOME${user}`, blocks, publishedAt: Date.now() };
    this.homes.set(user, home);
    this.changed();
    return home;
  }

  /** What `user` sees: every channel message, and ephemeral messages meant for them. */
  visibleTo(user: string): ChatMessage[] {
    return this.messages.filter((m) => !m.ephemeralTo || m.ephemeralTo === user);
  }

  private isThreadRoot(channel: string, ts: string): boolean {
    const m = this.find(channel, ts);
    return m !== undefined && !m.ephemeralTo;
  }

  private changed(): void {
    this.version += 1;
    this.emit('change', this.version);
  }
}
