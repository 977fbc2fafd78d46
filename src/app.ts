import type { Server } from 'node:http';
import { App, type Logger as BoltLogger, ExpressReceiver, type Receiver } from '@slack/bolt';
import express from 'express';
import { registerActions } from '../handlers/action';
import { registerCommand } from '../handlers/command';
import { registerEvents } from '../handlers/event';
import { healthz } from '../handlers/healthz';
import { metricsRoute } from '../handlers/metrics';
import { type WebhookOptions, webhookRoute } from '../handlers/webhook';
import { AwsIngest } from '../handlers/webhook/ingest';
import type { SnsHttp } from '../handlers/webhook/snsVerifier';
import type { Settings } from './config/settings';
import type { WebDeps } from './deps';
import type { IntakeOptions } from './intake/sqsIntake';
import { startSqsIntake } from './intake/start';
import { mountAdminBoard } from './process/adminBoard';
import { boltLogger } from './slack/boltLogger';
import { socketModeReceiver } from './slack/socketMode';

/**
 * Most bytes of an unverified request to POST /slack/events that are read before the answer is 413.
 * Slack signs the whole body, so it has to be read before the signature can be checked: this bounds
 * what an unsigned request can make us hold. Bolt 5.1's ExpressReceiver option `bodyLimit` counts the
 * bytes actually received (not Content-Length) and answers 413 past it
 * (https://github.com/slackapi/bolt-js/releases/tag/v5.1.0).
 * Our largest legitimate payload is a button press, which carries the message it was pressed on:
 * at most 50 blocks of 3,000 characters (src/views/blocks.ts), form-encoded; even all non-ASCII
 * (9 bytes a character encoded) that stays under 1.5 MB.
 */
export const SLACK_BODY_LIMIT = 2 * 1024 * 1024;

export interface WebHandle {
  port: number;
  close(): Promise<void>;
}

/** What tests and the demo may set on the web process: SNS's HTTPS port, the SQS intake's timings. */
export interface WebOptions {
  snsHttp?: SnsHttp;
  intake?: IntakeOptions;
}

/** `main.js intake`: the SQS intake alone, with /healthz and /metrics on PORT (no Slack, no webhook). */
export async function startIntake(
  deps: WebDeps,
  settings: Settings,
  opts: WebOptions = {},
): Promise<WebHandle> {
  const http = express();
  http.disable('x-powered-by');
  http.get('/healthz', healthz(deps.redis, { prefix: deps.keyPrefix, queues: deps.queues }));
  http.get('/metrics', metricsRoute(deps.metrics, deps.queues, deps));
  const intake = await startSqsIntake(deps, settings, new AwsIngest(deps, opts.snsHttp), opts.intake);
  const server = await listen(http, settings.port);
  return {
    port: portOf(server),
    close: async () => {
      await intake?.stop();
      await closeServer(server);
    },
  };
}

/**
 * Routes that are not Slack's: health, metrics, the queue dashboard, AWS webhooks. Shared by HTTP and
 * Socket Mode. Slack requests are timed here (ack latency includes signature verification).
 */
export function buildHttpApp(
  deps: WebDeps,
  settings: Pick<Settings, 'adminPassword' | 'adminUser'>,
  webhook: WebhookOptions = {},
): express.Express {
  const http = express();
  http.disable('x-powered-by');
  http.use('/slack/events', (_req, res, next) => {
    const started = performance.now();
    res.on('finish', () =>
      deps.metrics.ackSeconds.observe({ kind: 'slack' }, (performance.now() - started) / 1000),
    );
    next();
  });
  http.get('/healthz', healthz(deps.redis, { prefix: deps.keyPrefix, queues: deps.queues }));
  http.get('/metrics', metricsRoute(deps.metrics, deps.queues, deps));
  if (settings.adminPassword) {
    mountAdminBoard(http, deps.queues, { user: settings.adminUser, password: settings.adminPassword });
  }
  http.use(webhookRoute(deps, webhook));
  return http;
}

function registerListeners(app: App, deps: WebDeps): void {
  registerCommand(app, deps);
  registerActions(app, deps);
  registerEvents(app, deps);
  app.error(async (err) => {
    deps.log.error({ err }, 'unhandled Bolt error');
  });
}

/**
 * The web composition root: Bolt on POST /slack/events (signature verified by the receiver) or Socket
 * Mode when SLACK_APP_TOKEN is set, plus the plain HTTP routes. It enqueues; it never calls AWS.
 */
export async function startWeb(deps: WebDeps, settings: Settings, opts: WebOptions = {}): Promise<WebHandle> {
  const ingest = new AwsIngest(deps, opts.snsHttp);
  const http = buildHttpApp(deps, settings, { token: settings.webhookToken, ingest });
  const slack = await startSlack(deps, settings, http);
  const intake = await startSqsIntake(deps, settings, ingest, opts.intake);
  return {
    port: slack.port,
    close: async () => {
      await intake?.stop();
      await slack.close();
    },
  };
}

/** Bolt over Socket Mode (SLACK_APP_TOKEN) or on POST /slack/events, and the HTTP server. */
async function startSlack(deps: WebDeps, settings: Settings, http: express.Express): Promise<WebHandle> {
  const logger = boltLogger(deps.log);
  if (settings.slackAppToken) {
    const receiver = socketModeReceiver(deps, {
      appToken: settings.slackAppToken,
      logger,
      slackApiUrl: settings.slackApiUrl,
    });
    const app = await boltApp(deps, settings, receiver, logger);
    await app.start();
    const server = await listen(http, settings.port);
    return {
      port: portOf(server),
      close: async () => {
        await app.stop();
        await closeServer(server);
      },
    };
  }
  const receiver = new ExpressReceiver({
    signingSecret: settings.slackSigningSecret,
    endpoints: '/slack/events',
    app: http,
    logger,
    bodyLimit: SLACK_BODY_LIMIT,
  });
  await boltApp(deps, settings, receiver, logger);
  const server = await listen(http, settings.port);
  return { port: portOf(server), close: () => closeServer(server) };
}

/** The Bolt app over either receiver: the bot's listeners on it, its token checked with Slack. */
async function boltApp(
  deps: WebDeps,
  settings: Settings,
  receiver: Receiver,
  logger: BoltLogger,
): Promise<App> {
  const app = new App({
    token: settings.slackBotToken,
    receiver,
    logger,
    clientOptions: { slackApiUrl: settings.slackApiUrl, retryConfig: { retries: 2, maxTimeout: 2000 } },
    deferInitialization: true,
    convoStore: false,
  });
  registerListeners(app, deps);
  await verifyToken(app);
  return app;
}

function listen(http: express.Express, port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = http.listen(port, '0.0.0.0');
    server.once('listening', () => resolve(server));
    server.once('error', reject);
  });
}

const portOf = (server: Server): number => {
  const addr = server.address();
  return typeof addr === 'object' && addr ? addr.port : 0;
};

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeIdleConnections();
  });
}

export class SlackAuthError extends Error {}

/**
 * Calls auth.test once at start (Bolt's init): a wrong SLACK_BOT_TOKEN stops the process with a clear
 * message, and no Slack API call sits on the ack path of the first command.
 */
async function verifyToken(app: App): Promise<void> {
  try {
    await app.init();
  } catch (err) {
    const code =
      (err as { data?: { error?: string }; code?: string }).data?.error ?? (err as { code?: string }).code;
    throw new SlackAuthError(
      `Slack did not accept SLACK_BOT_TOKEN (${code ?? 'no answer'}) — check the token and SLACK_API_URL.`,
    );
  }
}
