import type { Server } from 'node:http';
import path from 'node:path';
import express from 'express';
import type { FleetInstance } from '../fleet';
import { CHANNELS, USERGROUPS, USERS } from '../people';
import { alertSamples } from './alerts';
import { readBody } from './bodies';
import { healthSubscriptionRequired, isHealthCall } from './healthFake';
import { ResponseUrls } from './responseUrls';
import { SlackApi } from './slackApi';
import type { DemoSns } from './sns';
import { SocketModeHub } from './socketMode';
import { ChatStore } from './store';
import { BotLink } from './toBot';
import { type ConsoleContext, uiRoutes } from './uiRoutes';

export interface ConsoleOptions {
  port: number;
  /** Interface to listen on (default 127.0.0.1; the demo's container listens on 0.0.0.0). */
  host?: string;
  botToken: string;
  signingSecret: string;
  webhookToken: string;
  fleet: FleetInstance[];
  motoUrl: string;
  /** Amazon SNS played by the demo (signed alarm notifications); none without openssl. */
  sns?: DemoSns;
  /** Set: the console plays Slack's Socket Mode for an app with this app-level token (xapp-…). */
  appToken?: string;
}

export interface ConsoleHandle {
  url: string;
  store: ChatStore;
  /** Slack's Socket Mode side, when the console plays it. */
  socket?: SocketModeHub;
  /** The bot's base URL is known only once it listens (it needs the console's URL first). */
  connectBot(botUrl: string): void;
  close(): Promise<void>;
}

const TEAM_ID = 'T0DEMO';
const PUBLIC = path.join(__dirname, 'public');

/**
 * The local chat console: Slack's Web API and response_url endpoints for the bot, and the single page
 * (with its small JSON API) for the person trying the bot. One HTTP server on 127.0.0.1.
 */
export async function startConsole(opts: ConsoleOptions): Promise<ConsoleHandle> {
  const store = new ChatStore(CHANNELS);
  const responses = new ResponseUrls(store);
  const api = new SlackApi(store, {
    botToken: opts.botToken,
    users: USERS,
    usergroups: USERGROUPS,
    teamId: TEAM_ID,
  });
  const socket = opts.appToken
    ? new SocketModeHub({ appToken: opts.appToken, appId: 'A0DEMOAPP' })
    : undefined;
  await socket?.start(opts.host ?? '127.0.0.1');
  let consoleUrl = '';
  let bot: { link: BotLink; url: string } | undefined;
  const ctx: ConsoleContext = {
    store,
    users: USERS,
    alerts: alertSamples(opts.fleet).filter((a) => a.via !== 'sns' || opts.sns),
    fleet: opts.fleet,
    motoUrl: opts.motoUrl,
    webhookToken: opts.webhookToken,
    sns: opts.sns,
    socket,
    bot: () => {
      if (!bot) throw new Error('the bot is not connected yet');
      return bot;
    },
  };
  const http = express();
  http.disable('x-powered-by');
  http.post('/api/:method', async (req, res) => {
    const { body } = await readBody(req);
    const bearer = /^Bearer (.+)$/.exec(req.get('authorization') ?? '')?.[1];
    const token = bearer ?? (typeof body.token === 'string' ? body.token : undefined);
    if (req.params.method === 'apps.connections.open') {
      // Called with the app-level token; an app without Socket Mode gets Slack's answer for that.
      return void res.json(socket ? socket.open(token) : { ok: false, error: 'not_allowed_token_type' });
    }
    res.json(api.call(String(req.params.method), token, body));
  });
  http.post('/response/:id', async (req, res) => {
    const { body } = await readBody(req);
    const out = responses.handle(String(req.params.id), body);
    res.status(out.status).json(out.body);
  });
  http.post(/^\/aws-health/, (req, res) => {
    if (!isHealthCall(req.get('x-amz-target'))) return void res.status(404).end();
    healthSubscriptionRequired(res);
  });
  http.use('/ui', uiRoutes(ctx));
  http.get('/', (_req, res) => res.sendFile(path.join(PUBLIC, 'index.html')));
  http.get('/favicon.ico', (_req, res) => res.status(204).end());
  http.use('/static', express.static(PUBLIC, { index: false, maxAge: 0 }));
  const server = await listen(http, opts.port, opts.host ?? '127.0.0.1');
  const addr = server.address();
  consoleUrl = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : opts.port}`;
  return {
    url: consoleUrl,
    store,
    socket,
    connectBot(botUrl) {
      const link = new BotLink(store, responses, {
        botUrl,
        signingSecret: opts.signingSecret,
        consoleUrl,
        teamId: TEAM_ID,
        users: USERS,
        socket,
      });
      bot = { link, url: botUrl };
    },
    close: async () => {
      await socket?.close();
      await new Promise<void>((resolve) => {
        store.emit('close');
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

function listen(http: express.Express, port: number, host: string): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = http.listen(port, host);
    server.once('listening', () => resolve(server));
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(
        err.code === 'EADDRINUSE'
          ? new Error(
              `port ${port} is in use — set DEMO_PORT to another port (e.g. DEMO_PORT=3040 npm run demo)`,
            )
          : err,
      ),
    );
  });
}
