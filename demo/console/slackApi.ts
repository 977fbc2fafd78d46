import type { DemoUser } from '../people';
import { type ApiBody, blocksFrom, objectFrom } from './bodies';
import { BOT_USER, type ChatStore } from './store';

export type ApiAnswer = Record<string, unknown> & { ok: boolean };

export interface SlackApiOptions {
  botToken: string;
  users: DemoUser[];
  usergroups: Record<string, string[]>;
  teamId: string;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/**
 * The Slack Web API methods the bot uses, answered like Slack: `ok`, `ts`, `channel`, and Slack's
 * error names (`not_authed`, `invalid_auth`, `channel_not_found`, `message_not_found`, `no_text`).
 * Methods the console does not know answer `unknown_method`, and the console shows that it happened.
 */
export class SlackApi {
  constructor(
    private readonly store: ChatStore,
    private readonly opts: SlackApiOptions,
  ) {}

  call(method: string, token: string | undefined, body: ApiBody): ApiAnswer {
    if (!token) return { ok: false, error: 'not_authed' };
    if (token !== this.opts.botToken) return { ok: false, error: 'invalid_auth' };
    switch (method) {
      case 'auth.test':
        return {
          ok: true,
          url: 'http://127.0.0.1/',
          team: 'Demo',
          user: 'ec2-ops-bot',
          team_id: this.opts.teamId,
          user_id: BOT_USER,
          bot_id: 'B0DEMOBOT',
        };
      case 'chat.postMessage':
        return this.post(body);
      case 'chat.postEphemeral':
        return this.postEphemeral(body);
      case 'chat.update':
        return this.update(body);
      case 'chat.delete':
        return this.delete(body);
      case 'usergroups.users.list': {
        const users = this.opts.usergroups[str(body.usergroup) ?? ''];
        return users ? { ok: true, users } : { ok: false, error: 'no_such_subteam' };
      }
      case 'users.info':
        return this.userInfo(body);
      case 'views.publish':
        return this.publishHome(body);
      case 'chat.getPermalink': {
        // The console has no per-message pages: the link opens the console on the channel.
        const channel = this.store.resolveChannel(str(body.channel) ?? '');
        return channel
          ? {
              ok: true,
              channel: channel.id,
              permalink: `http://127.0.0.1/#${channel.id}-${str(body.message_ts) ?? ''}`,
            }
          : { ok: false, error: 'channel_not_found' };
      }
      default:
        this.store.add({
          channel: this.firstChannel(),
          user: 'console',
          via: 'console',
          text: `The bot called \`${method}\`, which the demo console does not serve (answered \`unknown_method\`).`,
        });
        return { ok: false, error: 'unknown_method' };
    }
  }

  private firstChannel(): string {
    return [...this.store.channels.keys()][0] ?? 'C0DEMO';
  }

  private post(body: ApiBody): ApiAnswer {
    const channel = this.store.resolveChannel(str(body.channel) ?? '');
    if (!channel) return { ok: false, error: 'channel_not_found' };
    const blocks = blocksFrom(body.blocks);
    const text = str(body.text) ?? '';
    if (!text && !blocks?.length) return { ok: false, error: 'no_text' };
    const m = this.store.add({
      channel: channel.id,
      user: BOT_USER,
      text,
      blocks,
      threadTs: str(body.thread_ts),
      via: 'api',
    });
    return {
      ok: true,
      channel: channel.id,
      ts: m.ts,
      message: { type: 'message', user: BOT_USER, text, ts: m.ts, thread_ts: m.threadTs },
    };
  }

  private postEphemeral(body: ApiBody): ApiAnswer {
    const channel = this.store.resolveChannel(str(body.channel) ?? '');
    if (!channel) return { ok: false, error: 'channel_not_found' };
    const user = str(body.user);
    if (!user || !this.opts.users.some((u) => u.id === user)) return { ok: false, error: 'user_not_found' };
    const blocks = blocksFrom(body.blocks);
    const m = this.store.add({
      channel: channel.id,
      user: BOT_USER,
      text: str(body.text) ?? '',
      blocks,
      threadTs: str(body.thread_ts),
      ephemeralTo: user,
      via: 'api',
    });
    return { ok: true, message_ts: m.ts };
  }

  private update(body: ApiBody): ApiAnswer {
    const channel = str(body.channel) ?? '';
    const ts = str(body.ts) ?? '';
    const existing = this.store.find(channel, ts);
    if (!existing || existing.ephemeralTo) return { ok: false, error: 'message_not_found' };
    if (existing.user !== BOT_USER) return { ok: false, error: 'cant_update_message' };
    const blocks = body.blocks === undefined ? existing.blocks : blocksFrom(body.blocks);
    const text = str(body.text) ?? (blocks?.length ? existing.text : '');
    this.store.replace(channel, ts, { text, blocks });
    return { ok: true, channel, ts, text };
  }

  private delete(body: ApiBody): ApiAnswer {
    const ok = this.store.remove(str(body.channel) ?? '', str(body.ts) ?? '');
    return ok ? { ok: true, channel: body.channel, ts: body.ts } : { ok: false, error: 'message_not_found' };
  }

  /**
   * views.publish: the user's App Home tab. Slack's answers: `invalid_arguments` without a home view
   * with blocks, `user_not_found` for someone not in the workspace.
   * https://docs.slack.dev/reference/methods/views.publish
   */
  private publishHome(body: ApiBody): ApiAnswer {
    const user = str(body.user_id);
    if (!user || !this.opts.users.some((u) => u.id === user)) return { ok: false, error: 'user_not_found' };
    const view = objectFrom(body.view);
    const blocks = blocksFrom(view?.blocks);
    if (view?.type !== 'home' || !blocks) return { ok: false, error: 'invalid_arguments' };
    const home = this.store.publishHome(user, blocks);
    return { ok: true, view: { id: home.id, team_id: this.opts.teamId, type: 'home', blocks } };
  }

  private userInfo(body: ApiBody): ApiAnswer {
    const u = this.opts.users.find((x) => x.id === str(body.user));
    if (!u) return { ok: false, error: 'user_not_found' };
    return {
      ok: true,
      user: {
        id: u.id,
        name: u.name,
        real_name: u.realName,
        tz: 'UTC',
        is_bot: false,
        profile: { real_name: u.realName, display_name: u.name },
      },
    };
  }
}
