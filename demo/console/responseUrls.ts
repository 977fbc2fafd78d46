import { randomBytes } from 'node:crypto';
import { type ApiBody, blocksFrom } from './bodies';
import { BOT_USER, type ChatStore } from './store';

/** Slack: a response_url works five times within 30 minutes. */
const MAX_USES = 5;
const TTL_MS = 30 * 60 * 1000;

interface ResponseTarget {
  channel: string;
  user: string;
  /** The message the button was on (block_actions); absent for slash commands. */
  sourceTs?: string;
  /** The last ephemeral answer sent through this URL (slash commands: replace_original replaces it). */
  lastTs?: string;
  uses: number;
  createdAt: number;
}

export type ResponseResult = { status: number; body: Record<string, unknown> };

/** response_url endpoints (`/response/<id>`): ephemeral answers, in_channel, replace / delete original. */
export class ResponseUrls {
  private readonly targets = new Map<string, ResponseTarget>();

  constructor(private readonly store: ChatStore) {}

  create(baseUrl: string, t: { channel: string; user: string; sourceTs?: string }): string {
    const id = randomBytes(9).toString('hex');
    this.targets.set(id, { ...t, uses: 0, createdAt: Date.now() });
    return `${baseUrl}/response/${id}`;
  }

  handle(id: string, body: ApiBody): ResponseResult {
    const t = this.targets.get(id);
    if (!t || Date.now() - t.createdAt > TTL_MS)
      return { status: 404, body: { ok: false, error: 'expired_url' } };
    if (t.uses >= MAX_USES) return { status: 404, body: { ok: false, error: 'used_url' } };
    t.uses += 1;
    const original = t.sourceTs ?? t.lastTs;
    if (body.delete_original === true || body.delete_original === 'true') {
      if (original) this.store.remove(t.channel, original);
      return { status: 200, body: { ok: true } };
    }
    const text = typeof body.text === 'string' ? body.text : '';
    const blocks = blocksFrom(body.blocks);
    if (!text && !blocks?.length) return { status: 400, body: { ok: false, error: 'no_text' } };
    const replace = body.replace_original === true || body.replace_original === 'true';
    if (replace && original && this.store.find(t.channel, original)) {
      this.store.replace(t.channel, original, { text, blocks });
      return { status: 200, body: { ok: true } };
    }
    const inChannel = body.response_type === 'in_channel';
    const m = this.store.add({
      channel: t.channel,
      user: BOT_USER,
      text,
      blocks,
      ephemeralTo: inChannel ? undefined : t.user,
      threadTs: typeof body.thread_ts === 'string' ? body.thread_ts : undefined,
      via: 'response_url',
    });
    if (!inChannel) t.lastTs = m.ts;
    return { status: 200, body: { ok: true } };
  }
}
