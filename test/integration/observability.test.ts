import { BOT_TOKEN, SIGNING_SECRET, startTestBot, type TestBot, WEBHOOK_TOKEN } from '../helpers/bot';
import { type Moto, startMoto, useMotoEnv } from '../helpers/moto';
import { until } from '../helpers/ops';
import { postSigned, slashCommandBody } from '../helpers/slackSign';

let moto: Moto;
let bot: TestBot;
let bare: TestBot;

beforeAll(async () => {
  moto = await startMoto();
  useMotoEnv(moto);
  bot = await startTestBot({ name: 'observability', env: { ADMIN_PASSWORD: 'board-password-123' } });
  bare = await startTestBot({ name: 'observability-bare', worker: false });
});
afterAll(async () => {
  await bot?.close();
  await bare?.close();
  await moto?.stop();
});

const metricValue = (text: string, line: string): number => {
  const found = text.split('\n').find((l) => l.startsWith(line));
  return found ? Number(found.slice(line.length).trim()) : 0;
};

describe('GET /metrics', () => {
  it('counts commands by subcommand and outcome, ack latency and finished jobs', async () => {
    await bot.command('help');
    await bot.command('nonsense');
    const res = await bot.command('accounts');
    await bot.slack.waitFor((calls) => calls.find((c) => c.responseId === res.responseUrl.split('/').pop()));
    // The job is counted when it completes, just after its answer: wait for that count.
    const completed = 'ec2bot_jobs_total{queue="query",name="accounts",state="completed"}';
    const text = await until(async () => {
      const t = await (await fetch(`${bot.url}/metrics`)).text();
      return metricValue(t, completed) > 0 ? t : undefined;
    }, 'the accounts job to be counted');
    expect(metricValue(text, 'ec2bot_slash_commands_total{subcommand="help",outcome="ok"}')).toBe(1);
    expect(metricValue(text, 'ec2bot_slash_commands_total{subcommand="unknown",outcome="unknown"}')).toBe(1);
    expect(metricValue(text, 'ec2bot_ack_seconds_count{kind="slack"}')).toBe(3);
    expect(metricValue(text, 'ec2bot_jobs_total{queue="query",name="accounts",state="completed"}')).toBe(1);
    expect(text).toContain('ec2bot_queue_jobs{queue="ops",state="waiting"} 0');
  });
});

describe('GET /healthz', () => {
  it('reports live workers and queue backlog', async () => {
    const body = (await (await fetch(`${bot.url}/healthz`)).json()) as {
      workers: { live: number; lastHeartbeat: string };
      queues: Record<string, { waiting: number }>;
    };
    expect(body.workers.live).toBe(1);
    expect(Date.now() - Date.parse(body.workers.lastHeartbeat)).toBeLessThan(15_000);
    expect(Object.keys(body.queues).sort()).toEqual(['alerts', 'ops', 'query', 'schedules']);
  });

  it('reports no live worker for a web-only deployment, still 200', async () => {
    const res = await fetch(`${bare.url}/healthz`);
    expect(res.status).toBe(200);
    expect(((await res.json()) as { workers: { live: number } }).workers.live).toBe(0);
  });
});

describe('queue dashboard', () => {
  it('is not mounted without ADMIN_PASSWORD', async () => {
    expect((await fetch(`${bare.url}/admin/queues`)).status).toBe(404);
  });
  it('asks for basic auth and refuses a wrong password', async () => {
    const none = await fetch(`${bot.url}/admin/queues`);
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toContain('Basic');
    const wrong = await fetch(`${bot.url}/admin/queues`, {
      headers: { authorization: `Basic ${Buffer.from('admin:nope').toString('base64')}` },
    });
    expect(wrong.status).toBe(401);
  });
  it('serves the board with the right password', async () => {
    const ok = await fetch(`${bot.url}/admin/queues`, {
      headers: { authorization: `Basic ${Buffer.from('admin:board-password-123').toString('base64')}` },
    });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain('<html');
  });
});

describe('logs of the run', () => {
  it('never contain the configured tokens or secrets', async () => {
    const body = slashCommandBody({ text: 'accounts', response_url: bot.slack.responseUrl() });
    await postSigned(`${bot.url}/slack/events`, body, { secret: SIGNING_SECRET, signature: 'v0=forged' });
    const logs = bot.logs.join('');
    expect(logs.length).toBeGreaterThan(1000);
    for (const secret of [BOT_TOKEN, SIGNING_SECRET, WEBHOOK_TOKEN, 'board-password-123']) {
      expect(logs).not.toContain(secret);
    }
  });
});
