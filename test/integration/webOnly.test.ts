import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import IORedis from 'ioredis';
import type { Alert } from '../../src/domain/alert';
import type { OpRef } from '../../src/domain/opRef';
import { redisKeys } from '../../src/redis/keys';
import { RefStore } from '../../src/redis/refStore';
import { AlertStore } from '../../src/stores/alertStore';
import { ApprovalStore } from '../../src/stores/approvalStore';
import { accountsYaml, PROD } from '../helpers/accountsConfig';
import { BOT_TOKEN, SIGNING_SECRET } from '../helpers/bot';
import { FakeSlack } from '../helpers/fakeSlack';
import { buttonPayload, until } from '../helpers/ops';
import { cleanPrefix, REDIS_URL, uniquePrefix } from '../helpers/redis';
import { blockActionsBody, postSigned, slashCommandBody } from '../helpers/slackSign';

/**
 * `npm run start:web` alone makes no AWS call, whatever users type or press (issue 12): the real entry
 * point runs as its own process with every AWS endpoint pointed at a recorder (and dummy credentials,
 * so a call would reach it rather than stop at credential lookup). Every subcommand and every kind of
 * button goes to it signed as Slack signs; each is acknowledged and its work waits in Redis for a
 * worker — and the recorder sees nothing.
 */
jest.setTimeout(120_000);

const CONFIG = accountsYaml({
  defaults: { regions: ['us-east-1'] },
  accounts: {
    prod: {
      id: PROD,
      regions: ['us-east-1', 'eu-west-1'],
      alert_channel: 'C0PRODALERT',
      oncall: ['U0ONCALL'],
      operators: ['U0ALICE', 'U0BOB', 'U0ONCALL'],
      approvers: ['U0BOB'],
      snapshots: { create: true, daily_days: 30, monthly_months: 7 },
    },
  },
});
const INSTANCE = 'i-0123456789abcdef0';
const prefix = uniquePrefix('web-only');
const slack = new FakeSlack();
const recorded: string[] = [];
let recorder: Server;
let child: ChildProcess;
let url = '';
let redis: IORedis;
const probeFile = path.join(mkdtempSync(path.join(tmpdir(), 'ec2bot-probe-')), 'modules.txt');

beforeAll(async () => {
  await slack.start();
  recorder = createServer((req, res) => {
    recorded.push(`${req.method} ${req.headers.host}${req.url} ${req.headers['x-amz-target'] ?? ''}`);
    res.writeHead(500).end();
  });
  await new Promise<void>((r) => recorder.listen(0, '127.0.0.1', r));
  const aws = `http://127.0.0.1:${(recorder.address() as AddressInfo).port}`;
  const dir = mkdtempSync(path.join(tmpdir(), 'ec2bot-web-'));
  writeFileSync(path.join(dir, 'accounts.yml'), CONFIG);
  redis = new IORedis(REDIS_URL);
  child = spawn(
    process.execPath,
    ['--require', './test/helpers/moduleProbe.cjs', '--import', 'tsx', 'src/main.ts', 'web'],
    {
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        SLACK_BOT_TOKEN: BOT_TOKEN,
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_API_URL: slack.apiUrl,
        REDIS_URL,
        EC2BOT_REDIS_PREFIX: prefix,
        EC2BOT_CONFIG: path.join(dir, 'accounts.yml'),
        PORT: '0',
        WEBHOOK_TOKEN: 'web-only-webhook-token-0123',
        AWS_ENDPOINT_URL: aws,
        AWS_REGION: 'us-east-1',
        AWS_ACCESS_KEY_ID: 'AKIAWEBONLYTEST00000',
        AWS_SECRET_ACCESS_KEY: 'web-only-test-secret',
        MODULE_PROBE_FILE: probeFile,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  child.stdout?.on('data', (d) => (out += d));
  child.stderr?.on('data', (d) => (out += d));
  const port = await until(async () => /"port":(\d+)/.exec(out)?.[1], `web started:\n${out}`, 60_000);
  url = `http://127.0.0.1:${port}`;
});

afterAll(async () => {
  child?.kill('SIGTERM');
  await new Promise((r) => (child?.exitCode === null ? child.once('exit', r) : r(null)));
  redis?.disconnect();
  await new Promise((r) => recorder?.close(r));
  await slack.stop();
  await cleanPrefix(prefix);
});

const command = async (text: string) => {
  const res = await postSigned(
    `${url}/slack/events`,
    slashCommandBody({
      text,
      user_id: 'U0ALICE',
      channel_id: 'C0PRODALERT',
      response_url: slack.responseUrl(),
    }),
    { secret: SIGNING_SECRET },
  );
  return { status: res.status, body: (await res.json().catch(() => ({}))) as { text?: string } };
};

const press = async (
  actionId: string,
  value: string,
  user: string,
  msg = { channel: 'C0PRODALERT', ts: '1.0001' },
) => {
  const body = buttonPayload({ actionId, value, user, ...msg, responseUrl: slack.responseUrl() });
  const res = await postSigned(`${url}/slack/events`, blockActionsBody(body), { secret: SIGNING_SECRET });
  return res.status;
};

const jobNames = async (queue: string): Promise<string[]> => {
  const keys = await redis.keys(`${redisKeys(prefix).queue(queue)}:${queue}:*`);
  const names = await Promise.all(
    keys
      .filter(
        (k) =>
          !/:(wait|active|delayed|completed|failed|prioritized|events|meta|id|marker|stalled-check|paused)$/.test(
            k,
          ),
      )
      .map((k) => redis.hget(k, 'name').catch(() => null)),
  );
  return names.filter((n): n is string => !!n);
};

describe('a web process started alone', () => {
  it('answers every subcommand and button, enqueues the work, and makes zero AWS calls', async () => {
    const commands = [
      'help',
      'accounts',
      'events prod',
      'status all',
      'find prod web-1',
      'audit prod',
      'nitro prod',
      'jobs',
      'snapshots prod plan',
      'snapshots prod apply',
      'backup prod web-1 --reboot',
      'reboot prod web-1',
      'stop prod web-1 --dry-run',
      'start prod web-1',
      'recover prod web-1',
      'hibernate prod web-1',
      'resize prod web-1 m5.large',
      'migrate prod web-1 m5.large --dry-run',
      'events nope',
      'bogus',
    ];
    for (const c of commands) {
      const res = await command(c);
      expect([c, res.status]).toEqual([c, 200]);
      expect(res.body.text).toBeTruthy();
    }

    const refs = new RefStore(redis, prefix);
    const op = (o: Partial<OpRef>): Promise<string> =>
      refs.put({
        kind: 'op',
        op: 'recover',
        account: 'prod',
        region: 'us-east-1',
        instanceId: INSTANCE,
        ...o,
      });
    const recoverRef = await op({ origin: { kind: 'alert', id: 'aWEBONLY0001' } });
    const rescheduleRef = await op({
      op: 'reschedule',
      eventId: 'instance-event-1',
      notBeforeDeadline: '2027-01-01T00:00:00Z',
    });
    const approvals = new ApprovalStore(redis, prefix);
    const approval = async (ts: string) => {
      const r = await approvals.create(
        {
          op: 'stop',
          account: 'prod',
          region: 'us-east-1',
          instanceId: INSTANCE,
          params: {},
          requester: 'U0ALICE',
          approvers: ['U0BOB'],
          selfApprove: false,
          channel: 'C0PRODALERT',
          correlationId: `cid-${ts}`,
        },
        new Date(),
        60,
      );
      await approvals.setMessage(r.id, 'C0PRODALERT', ts);
      return r.id;
    };
    const toApprove = await approval('2.0001');
    const toReject = await approval('3.0001');
    const alert: Alert = {
      id: 'aWEBONLY0001',
      account: 'prod',
      accountId: '111111111111',
      channel: 'C0PRODALERT',
      kind: 'status-check',
      type: 'StatusCheckFailed_System',
      urgent: true,
      createdAt: new Date().toISOString(),
      entities: [],
      ts: '4.0001',
    };
    await new AlertStore(redis, prefix).save(alert);

    expect(await press('ec2.op#0', recoverRef, 'U0ONCALL')).toBe(200);
    expect(await press('ec2.op#1', rescheduleRef, 'U0ALICE')).toBe(200);
    const pick = buttonPayload({
      actionId: `ec2.reschedule.pick#${rescheduleRef}`,
      user: 'U0ALICE',
      channel: 'C0PRODALERT',
      ts: '1.0001',
      responseUrl: slack.responseUrl(),
      selectedDateTime: Math.floor(Date.now() / 1000) + 7200,
    });
    expect(
      (await postSigned(`${url}/slack/events`, blockActionsBody(pick), { secret: SIGNING_SECRET })).status,
    ).toBe(200);
    expect(
      await press('ec2.approval.approve', toApprove, 'U0BOB', { channel: 'C0PRODALERT', ts: '2.0001' }),
    ).toBe(200);
    expect(
      await press('ec2.approval.reject', toReject, 'U0BOB', { channel: 'C0PRODALERT', ts: '3.0001' }),
    ).toBe(200);
    expect(await press('ec2.alert.ack', alert.id, 'U0ONCALL', { channel: 'C0PRODALERT', ts: '4.0001' })).toBe(
      200,
    );
    expect(
      await press('ec2.alert.snooze', alert.id, 'U0ONCALL', { channel: 'C0PRODALERT', ts: '4.0001' }),
    ).toBe(200);

    // Opening the Home tab (an Events API delivery): acknowledged, the Home is built by a worker.
    const homeOpened = JSON.stringify({
      team_id: 'T0TEAM',
      api_app_id: 'A0APP',
      type: 'event_callback',
      event_id: 'Ev0HOME',
      event_time: Math.floor(Date.now() / 1000),
      event: { type: 'app_home_opened', user: 'U0BOB', channel: 'D0BOB', tab: 'home', event_ts: '1.0001' },
    });
    const home = await postSigned(`${url}/slack/events`, homeOpened, {
      secret: SIGNING_SECRET,
      headers: { 'content-type': 'application/json' },
    });
    expect(home.status).toBe(200);

    // The work is waiting for a worker: every query job, the op-plans of the commands and buttons, the approval.
    const expected = [
      'accounts',
      'events',
      'status',
      'find',
      'audit',
      'nitro',
      'snapshots-plan',
      'op-plan',
      'op-approve',
      'home',
    ];
    const names = await until(async () => {
      const n = await jobNames('query');
      return expected.every((e) => n.includes(e)) ? n : undefined;
    }, 'the enqueued work');
    expect(names.filter((n) => n === 'op-plan').length).toBeGreaterThanOrEqual(10);
    // The picker, the rejection and the alert buttons were answered from Redis and Slack alone.
    await slack.waitFor((c) =>
      c.find((x) => x.method === 'response_url' && JSON.stringify(x.body).includes('datetimepicker')),
    );
    await slack.waitFor((c) =>
      c.find((x) => x.method === 'chat.update' && JSON.stringify(x.body).includes('Rejected by')),
    );
    expect(recorded).toEqual([]);
  });

  it('holds no AWS SDK module, none of the AWS adapters and no operation step, after serving all of that', async () => {
    child.kill('SIGUSR2');
    const modules = await until(
      async () => (existsSync(probeFile) ? readFileSync(probeFile, 'utf8').split('\n') : undefined),
      'the web process wrote its module list',
    );
    // The probe reads what it should: the web root and Bolt are there.
    expect(modules.some((m) => m.endsWith(path.join('src', 'app.ts')))).toBe(true);
    expect(modules.some((m) => m.includes(`${path.sep}@slack${path.sep}bolt${path.sep}`))).toBe(true);
    const reachesAws = modules.filter(
      (m) =>
        m.includes(`${path.sep}@aws-sdk${path.sep}`) ||
        m.includes(`${path.sep}src${path.sep}aws${path.sep}`) ||
        m.endsWith(path.join('src', 'ops', 'steps.ts')) ||
        m.includes(`${path.sep}src${path.sep}ops${path.sep}operations${path.sep}`),
    );
    expect(reachesAws).toEqual([]);
  });
});
