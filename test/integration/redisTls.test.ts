/**
 * rediss:// with AUTH, as ElastiCache runs it with in-transit encryption and an AUTH token: a real
 * redis-server with only a TLS port, a certificate from a throwaway CA (openssl) and `requirepass`.
 * The bot's own settings, start-up check and connections reach it; BullMQ runs a job through it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { QueueEvents } from 'bullmq';
import { readSettings, SettingsError } from '../../src/config/settings';
import { basePayload } from '../../src/jobs/payload';
import { QUEUE } from '../../src/jobs/queues';
import { defineJob } from '../../src/process/jobDefinition';
import { assertRedis, RedisUnavailableError } from '../../src/redis/check';
import { createRedis } from '../../src/redis/client';
import { redisKeys } from '../../src/redis/keys';
import { startWorker, type WorkerHandle } from '../../src/worker';
import { startTestBot, type TestBot } from '../helpers/bot';
import { type RedisNode, startRedisServer, type TlsFiles } from '../helpers/redisCluster';
import { makeTlsFiles } from '../helpers/tlsCerts';

jest.setTimeout(120_000);

const PASSWORD = 'tls-auth-token-0123456789abcdef';
const dir = mkdtempSync(join(tmpdir(), 'ec2bot-redis-tls-'));
let tls: TlsFiles;
let server: RedisNode;
let url: string;
let bot: TestBot | undefined;
let worker: WorkerHandle | undefined;

beforeAll(async () => {
  tls = makeTlsFiles(dir);
  server = await startRedisServer(
    dir,
    ['--requirepass', PASSWORD, '--maxmemory-policy', 'noeviction'],
    undefined,
    false,
    tls,
  );
  url = `rediss://127.0.0.1:${server.port}`;
});
afterAll(async () => {
  await worker?.close();
  await bot?.close();
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const env = (extra: Record<string, string>) => ({
  SLACK_BOT_TOKEN: 'x',
  SLACK_SIGNING_SECRET: 'y',
  ...extra,
});

it('the start-up check passes over TLS with the CA from REDIS_TLS_CA_FILE and the token from REDIS_PASSWORD', async () => {
  const settings = readSettings(env({ REDIS_URL: url, REDIS_PASSWORD: PASSWORD, REDIS_TLS_CA_FILE: tls.ca }));
  expect(await assertRedis(settings)).toEqual({ warnings: [] });
});

it('the password may instead be in the URL (URL-encoded)', async () => {
  const settings = readSettings(
    env({
      REDIS_URL: `rediss://:${encodeURIComponent(PASSWORD)}@127.0.0.1:${server.port}`,
      REDIS_TLS_CA_FILE: tls.ca,
    }),
  );
  expect(await assertRedis(settings)).toEqual({ warnings: [] });
});

it('refuses a server whose certificate no trusted CA signed, and a wrong token, without showing the token', async () => {
  const untrusted = readSettings(env({ REDIS_URL: url, REDIS_PASSWORD: PASSWORD }));
  const e1 = await assertRedis(untrusted).catch((e: unknown) => e);
  expect(e1).toBeInstanceOf(RedisUnavailableError);
  expect((e1 as Error).message).toMatch(/certificate.*set REDIS_TLS_CA_FILE/i);

  const wrong = readSettings(
    env({ REDIS_URL: `rediss://:not-the-token@127.0.0.1:${server.port}`, REDIS_TLS_CA_FILE: tls.ca }),
  );
  const e2 = await assertRedis(wrong).catch((e: unknown) => e);
  expect(e2).toBeInstanceOf(RedisUnavailableError);
  expect((e2 as Error).message).toMatch(/(WRONGPASS|invalid password).*Check the password \/ AUTH token/i);
  expect((e2 as Error).message).not.toContain('not-the-token');
});

it('settings refuse a CA without rediss://, an unreadable CA file, and a password given twice', () => {
  expect(() => readSettings(env({ REDIS_URL: 'redis://127.0.0.1:6379', REDIS_TLS_CA_FILE: tls.ca }))).toThrow(
    /REDIS_TLS_CA_FILE is set but REDIS_URL is not rediss:\/\//,
  );
  expect(() => readSettings(env({ REDIS_URL: url, REDIS_TLS_CA_FILE: join(dir, 'missing.pem') }))).toThrow(
    SettingsError,
  );
  expect(() =>
    readSettings(env({ REDIS_URL: `rediss://:a@127.0.0.1:${server.port}`, REDIS_PASSWORD: PASSWORD })),
  ).toThrow(/keep one of them/);
});

it('the bot answers a command and a BullMQ worker runs a job, every connection over TLS with AUTH', async () => {
  bot = await startTestBot({
    name: 'redis-tls',
    worker: false,
    env: { REDIS_URL: url, REDIS_PASSWORD: PASSWORD, REDIS_TLS_CA_FILE: tls.ca },
  });
  const help = await bot.command('help');
  expect(help.status).toBe(200);

  const echo = defineJob({
    queue: QUEUE.query,
    name: 'tls-echo',
    schema: basePayload,
    create: () => async (data) => `done ${data.correlationId}`,
  });
  worker = startWorker(bot.deps, { ...bot.settings, jobs: [echo], queues: [QUEUE.query] });
  const connection = createRedis(bot.settings);
  const events = new QueueEvents(QUEUE.query, {
    connection,
    prefix: redisKeys(bot.deps.keyPrefix).queue(QUEUE.query),
  });
  try {
    await events.waitUntilReady();
    const job = await bot.deps.queues.get(QUEUE.query).add('tls-echo', { correlationId: 'tls-1' });
    expect(await job.waitUntilFinished(events, 60_000)).toBe('done tls-1');
  } finally {
    await events.close();
    connection.disconnect();
  }
  // What went over the wire went to the TLS server: the job is in its keys, not the shared Redis's.
  const direct = createRedis(bot.settings);
  try {
    expect((await direct.keys(`{${bot.deps.keyPrefix}:*`)).length).toBeGreaterThan(0);
  } finally {
    direct.disconnect();
  }
});
