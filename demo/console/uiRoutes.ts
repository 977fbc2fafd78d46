import express from 'express';
import type { FleetInstance } from '../fleet';
import type { DemoUser } from '../people';
import { GROUP_HANDLES } from '../people';
import type { AlertSample } from './alerts';
import { DEMO_TOPIC, type DemoSns } from './sns';
import type { SocketModeHub } from './socketMode';
import type { ChatStore } from './store';
import type { ActionClick, BotLink } from './toBot';

/** What the console's page routes work with (built by the console server). */
export interface ConsoleContext {
  store: ChatStore;
  users: DemoUser[];
  alerts: AlertSample[];
  fleet: FleetInstance[];
  motoUrl: string;
  webhookToken: string;
  /** Plays Amazon SNS for the alarm-action samples (undefined without openssl). */
  sns?: DemoSns;
  /** Slack's Socket Mode side, when the bot runs in Socket Mode. */
  socket?: SocketModeHub;
  bot(): { link: BotLink; url: string };
}

const USER_ID = /^U0[A-Z]+$/;
const str = (v: unknown): string => (typeof v === 'string' ? v : '');
/** Slack's text escaping, for what the console itself writes into a message. */
const sesc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The page's JSON API: state, live updates (SSE), composer, button clicks, the alert menu. */
export function uiRoutes(ctx: ConsoleContext): express.Router {
  const r = express.Router();
  r.use(express.json({ limit: '64kb' }));
  const known = (user: string): boolean => ctx.users.some((u) => u.id === user);

  r.get('/info', (_req, res) => {
    res.json({
      users: ctx.users,
      groups: GROUP_HANDLES,
      alerts: ctx.alerts.map((a) => ({ key: a.key, label: a.label })),
      fleet: ctx.fleet,
      motoUrl: ctx.motoUrl,
      slack: ctx.socket
        ? {
            mode: 'socket',
            connections: ctx.socket.connections,
            envelopes: ctx.socket.record.filter((r) => r.event === 'acked').length,
          }
        : { mode: 'http' },
    });
  });

  r.get('/state', (req, res) => {
    const user = str(req.query.user);
    if (!known(user)) return void res.status(400).json({ error: 'unknown user' });
    res.json({
      version: ctx.store.version,
      channels: [...ctx.store.channels.values()],
      messages: ctx.store.visibleTo(user),
      home: ctx.store.homes.get(user) ?? null,
    });
  });

  r.get('/events', (req, res) => {
    res.writeHead(200, {
      'content-type': 'text/event-stream',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
    });
    res.write(`data: ${ctx.store.version}\n\n`);
    const onChange = (v: number) => res.write(`data: ${v}\n\n`);
    const onClose = () => res.end();
    ctx.store.on('change', onChange);
    ctx.store.once('close', onClose);
    req.on('close', () => {
      ctx.store.off('change', onChange);
      ctx.store.off('close', onClose);
    });
  });

  r.post('/say', async (req, res) => {
    const user = str(req.body?.user);
    const channel = str(req.body?.channel);
    const text = str(req.body?.text).trim();
    if (!known(user) || !ctx.store.channels.has(channel) || !text) {
      return void res.status(400).json({ error: 'user, channel and text are needed' });
    }
    const m = /^\/ec2(?:\s+([\s\S]*))?$/.exec(text);
    if (m) await ctx.bot().link.command(user, channel, (m[1] ?? '').trim());
    else if (text.startsWith('/')) {
      ctx.store.add({
        channel,
        user: 'console',
        via: 'console',
        ephemeralTo: user,
        text: `Only \`/ec2\` is installed here — try \`/ec2 help\`.`,
      });
    } else ctx.store.add({ channel, user, text: sesc(text), via: 'user' });
    res.json({ ok: true });
  });

  r.post('/action', async (req, res) => {
    const b = req.body ?? {};
    const click: ActionClick = {
      user: str(b.user),
      channel: str(b.channel),
      ts: str(b.ts),
      actionId: str(b.actionId),
      blockId: str(b.blockId),
      type: b.type === 'datetimepicker' ? 'datetimepicker' : 'button',
      value: typeof b.value === 'string' ? b.value : undefined,
      text: str(b.text),
      selectedDateTime: typeof b.selectedDateTime === 'number' ? b.selectedDateTime : undefined,
    };
    if (!known(click.user) || !USER_ID.test(click.user))
      return void res.status(400).json({ error: 'unknown user' });
    try {
      await ctx.bot().link.action(click);
      res.json({ ok: true });
    } catch (err) {
      res.status(400).json({ error: (err as Error).message });
    }
  });

  // The Home tab was opened: Slack sends the app `app_home_opened`; the bot publishes the Home.
  r.post('/home', async (req, res) => {
    const user = str(req.body?.user);
    const channel = str(req.body?.channel);
    if (!known(user) || !ctx.store.channels.has(channel))
      return void res.status(400).json({ error: 'user and channel are needed' });
    await ctx.bot().link.homeOpened(user, channel);
    res.json({ ok: true });
  });

  r.post('/alert', (req, res) => fireAlert(ctx, req, res));
  return r;
}

/**
 * Posts the chosen real-format AWS event to the bot's webhook — with its token, or as a signed SNS
 * envelope for the alarm-action samples — and shows the answer.
 */
async function fireAlert(ctx: ConsoleContext, req: express.Request, res: express.Response): Promise<void> {
  const user = str(req.body?.user);
  const channel = str(req.body?.channel);
  const sample = ctx.alerts.find((a) => a.key === str(req.body?.key));
  if (!sample || !ctx.users.some((u) => u.id === user) || !ctx.store.channels.has(channel)) {
    res.status(400).json({ error: 'unknown alert, user or channel' });
    return;
  }
  const built = sample.build(new Date());
  if (sample.via === 'sns' && !ctx.sns) {
    res.status(400).json({ error: 'SNS samples need openssl (to sign as SNS does); it was not found' });
    return;
  }
  const event =
    sample.via === 'sns' && ctx.sns
      ? ctx.sns.envelope(DEMO_TOPIC(String(built.AWSAccountId)), `ALARM: "${String(built.AlarmName)}"`, built)
      : built;
  const headers: Record<string, string> =
    sample.via === 'sns'
      ? { 'content-type': 'text/plain; charset=UTF-8', 'x-amz-sns-message-type': 'Notification' }
      : { 'content-type': 'application/json', 'x-ec2bot-token': ctx.webhookToken };
  const answer = await fetch(`${ctx.bot().url}/webhooks/aws`, {
    method: 'POST',
    headers,
    body: JSON.stringify(event),
    signal: AbortSignal.timeout(10_000),
  }).then(
    (r) => `HTTP ${r.status}`,
    (err: Error) => `no answer (${err.message})`,
  );
  ctx.store.add({
    channel,
    user: 'console',
    via: 'console',
    ephemeralTo: user,
    text: `Fired *${sesc(sample.label)}* at \`POST /webhooks/aws\` — the bot answered ${sesc(answer)}.\n\`\`\`${sesc(JSON.stringify(event, null, 2))}\`\`\``,
  });
  res.json({ ok: true, answer });
}
