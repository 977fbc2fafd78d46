import { slackSignature } from '../../test/helpers/slackSign';
import type { DemoUser } from '../people';
import { blocksFrom } from './bodies';
import type { ResponseUrls } from './responseUrls';
import type { EnvelopeType, SocketModeHub } from './socketMode';
import { BOT_USER, type ChatMessage, type ChatStore } from './store';

/** Slack gives an app three seconds to answer a command or an interaction. */
const SLACK_TIMEOUT_MS = 3000;

export interface BotLinkOptions {
  botUrl: string;
  signingSecret: string;
  consoleUrl: string;
  teamId: string;
  users: DemoUser[];
  /** Socket Mode: payloads go as envelopes over the app's WebSocket instead of POST /slack/events. */
  socket?: SocketModeHub;
}

export interface ActionClick {
  user: string;
  channel: string;
  ts: string;
  actionId: string;
  blockId: string;
  type: 'button' | 'datetimepicker';
  value?: string;
  text?: string;
  selectedDateTime?: number;
}

/** The `actions[0]` Slack sends for a button press or a date-time pick. */
function actionOf(click: ActionClick): Record<string, unknown> {
  const common = {
    action_id: click.actionId,
    block_id: click.blockId,
    action_ts: (Date.now() / 1000).toFixed(6),
  };
  if (click.type === 'datetimepicker') {
    return { type: 'datetimepicker', ...common, selected_date_time: click.selectedDateTime };
  }
  return {
    type: 'button',
    ...common,
    text: { type: 'plain_text', text: click.text ?? '' },
    value: click.value,
  };
}

/** The `message` of a block_actions payload (channel messages only). */
const messageOf = (msg: ChatMessage): Record<string, unknown> => ({
  type: 'message',
  user: msg.user,
  bot_id: msg.user === BOT_USER ? 'B0DEMOBOT' : undefined,
  text: msg.text,
  blocks: msg.blocks,
  ts: msg.ts,
  ...(msg.threadTs ? { thread_ts: msg.threadTs } : {}),
});

/** A command or an interaction, as the app receives it (the envelope's type and payload). */
interface Outgoing {
  type: EnvelopeType;
  payload: Record<string, unknown>;
}

let trigger = 0;
const triggerId = (): string => `${Date.now()}.${++trigger}.demo${Math.random().toString(16).slice(2, 8)}`;

/**
 * The console's side of the Slack ↔ app conversation: slash commands and block_actions as Slack sends
 * them (form-encoded, signed v0 HMAC-SHA256 over `v0:<ts>:<body>`), with response_urls pointing back at
 * the console. The ack body is shown the way Slack shows it; a slow or failing ack shows Slack's error.
 */
export class BotLink {
  constructor(
    private readonly store: ChatStore,
    private readonly responses: ResponseUrls,
    private readonly opts: BotLinkOptions,
  ) {}

  private person(id: string): DemoUser {
    return this.opts.users.find((u) => u.id === id) ?? { id, name: id.toLowerCase(), realName: id, role: '' };
  }

  async command(user: string, channel: string, text: string): Promise<void> {
    const who = this.person(user);
    this.store.add({ channel, user, text: `/ec2 ${text}`, ephemeralTo: user, via: 'user' });
    const fields = {
      token: 'demo-verification-token',
      team_id: this.opts.teamId,
      team_domain: 'demo',
      channel_id: channel,
      channel_name: this.store.channels.get(channel)?.name ?? channel,
      user_id: who.id,
      user_name: who.name,
      command: '/ec2',
      text,
      api_app_id: 'A0DEMOAPP',
      is_enterprise_install: 'false',
      response_url: this.responses.create(this.opts.consoleUrl, { channel, user }),
      trigger_id: triggerId(),
    };
    await this.send({ type: 'slash_commands', payload: fields }, user, channel, '/ec2');
  }

  /**
   * The person opened the app's Home tab: Slack's Events API delivery of `app_home_opened` (JSON, an
   * `event_callback` envelope, signed like every request). The bot answers with views.publish.
   * https://docs.slack.dev/reference/events/app_home_opened
   */
  async homeOpened(user: string, channel: string): Promise<void> {
    const now = Date.now() / 1000;
    const payload = {
      token: 'demo-verification-token',
      team_id: this.opts.teamId,
      api_app_id: 'A0DEMOAPP',
      type: 'event_callback',
      event_id: `Ev0DEMO${++trigger}`,
      event_time: Math.floor(now),
      event: {
        type: 'app_home_opened',
        user,
        channel: `D0${user.slice(1)}`,
        tab: 'home',
        event_ts: now.toFixed(6),
      },
    };
    await this.send({ type: 'events_api', payload }, user, channel, 'opening the Home tab');
  }

  async action(click: ActionClick): Promise<void> {
    const msg = this.store.find(click.channel, click.ts);
    if (!msg) throw new Error('that message is gone');
    const payload = this.actionPayload(click, msg);
    await this.send({ type: 'interactive', payload }, click.user, click.channel, 'the button');
  }

  private actionPayload(click: ActionClick, msg: ChatMessage): Record<string, unknown> {
    const who = this.person(click.user);
    const ephemeral = msg.ephemeralTo !== undefined;
    return {
      type: 'block_actions',
      user: { id: who.id, username: who.name, name: who.name, team_id: this.opts.teamId },
      api_app_id: 'A0DEMOAPP',
      token: 'demo-verification-token',
      container: {
        type: 'message',
        message_ts: msg.ts,
        channel_id: msg.channel,
        is_ephemeral: ephemeral,
        ...(msg.threadTs ? { thread_ts: msg.threadTs } : {}),
      },
      trigger_id: triggerId(),
      team: { id: this.opts.teamId, domain: 'demo' },
      enterprise: null,
      is_enterprise_install: false,
      channel: { id: msg.channel, name: this.store.channels.get(msg.channel)?.name ?? msg.channel },
      // Slack leaves `message` out for ephemeral messages: the app only gets the container.
      ...(ephemeral ? {} : { message: messageOf(msg) }),
      state: { values: {} },
      response_url: this.responses.create(this.opts.consoleUrl, {
        channel: msg.channel,
        user: click.user,
        sourceTs: msg.ts,
      }),
      actions: [actionOf(click)],
    };
  }

  /**
   * Sends a command or an interaction the way the app receives them — an envelope on its Socket Mode
   * connection, or a signed POST — and shows the ack as Slack would (its body, or Slack's error for it).
   */
  private async send(out: Outgoing, user: string, channel: string, what: string): Promise<void> {
    const { type, payload } = out;
    if (this.opts.socket) return this.sendEnvelope(this.opts.socket, out, user, channel, what);
    const body =
      type === 'slash_commands'
        ? new URLSearchParams(payload as Record<string, string>).toString()
        : type === 'interactive'
          ? new URLSearchParams({ payload: JSON.stringify(payload) }).toString()
          : JSON.stringify(payload);
    const contentType = type === 'events_api' ? 'application/json' : 'application/x-www-form-urlencoded';
    const ts = Math.floor(Date.now() / 1000);
    let res: Response;
    try {
      res = await fetch(`${this.opts.botUrl}/slack/events`, {
        method: 'POST',
        headers: {
          'content-type': contentType,
          'x-slack-request-timestamp': String(ts),
          'x-slack-signature': slackSignature(this.opts.signingSecret, body, ts),
        },
        body,
        signal: AbortSignal.timeout(SLACK_TIMEOUT_MS),
      });
    } catch (err) {
      const timeout = (err as Error).name === 'TimeoutError';
      this.slackError(user, channel, what, timeout ? 'operation_timeout' : 'dispatch_failed');
      return;
    }
    const raw = await res.text();
    if (res.status !== 200) {
      this.slackError(user, channel, what, `http_service_error (${res.status})`);
      return;
    }
    this.showAck(raw, user, channel);
  }

  /** Socket Mode: the ack is the envelope's `payload`; no ack in 3 s is Slack's timeout, as over HTTP. */
  private async sendEnvelope(
    hub: SocketModeHub,
    { type, payload }: Outgoing,
    user: string,
    channel: string,
    what: string,
  ): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((r) => {
      timer = setTimeout(() => r('timeout'), SLACK_TIMEOUT_MS);
    });
    const delivered = hub.deliver(type, payload);
    delivered.catch(() => {}); // a late failure after the timeout was shown already
    try {
      const ack = await Promise.race([delivered, timeout]);
      if (ack === 'timeout') this.slackError(user, channel, what, 'operation_timeout');
      else if (ack) this.showAck(JSON.stringify(ack), user, channel);
    } catch {
      this.slackError(user, channel, what, 'dispatch_failed');
    } finally {
      clearTimeout(timer);
    }
  }

  private showAck(raw: string, user: string, channel: string): void {
    if (!raw.trim()) return;
    let ack: Record<string, unknown>;
    try {
      const parsed: unknown = JSON.parse(raw);
      ack = parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : { text: raw };
    } catch {
      ack = { text: raw };
    }
    const text = typeof ack.text === 'string' ? ack.text : '';
    const blocks = blocksFrom(ack.blocks);
    if (!text && !blocks?.length) return;
    this.store.add({
      channel,
      user: BOT_USER,
      text,
      blocks,
      ephemeralTo: ack.response_type === 'in_channel' ? undefined : user,
      via: 'ack',
    });
  }

  private slackError(user: string, channel: string, what: string, error: string): void {
    this.store.add({
      channel,
      user: 'console',
      text: `${what} failed with the error "${error}"`,
      ephemeralTo: user,
      via: 'console',
    });
  }
}
