import { SIGNING_SECRET, startTestBot, type TestBot } from '../helpers/bot';
import { type Moto, startMoto, useMotoEnv } from '../helpers/moto';
import { postSigned, slackSignature, slashCommandBody } from '../helpers/slackSign';

let moto: Moto;
let bot: TestBot;

beforeAll(async () => {
  moto = await startMoto();
  useMotoEnv(moto);
  bot = await startTestBot({ name: 'foundation' });
});
afterAll(async () => {
  await bot?.close();
  await moto?.stop();
});
beforeEach(() => bot.slack.clear());

const queuedJobs = async (): Promise<number> => {
  const counts = await bot.deps.queues
    .get('query')
    .getJobCounts('waiting', 'active', 'completed', 'failed', 'delayed');
  return Object.values(counts).reduce((a, b) => a + b, 0);
};

describe('Slack request verification', () => {
  it('answers /ec2 help with usage, ephemeral', async () => {
    const res = await bot.command('help');
    expect(res.status).toBe(200);
    expect(res.body.response_type).toBe('ephemeral');
    // Escaped for Slack (a bare <…> is markup to Slack); Slack shows it as <account|all>.
    expect(res.body.text).toContain('/ec2 events &lt;account|all&gt; [region]');
  });

  it('rejects a forged signature with 401 and enqueues nothing', async () => {
    const before = await queuedJobs();
    const body = slashCommandBody({ text: 'accounts', response_url: bot.slack.responseUrl() });
    const forged = slackSignature('not-the-secret', body, Math.floor(Date.now() / 1000));
    const res = await postSigned(`${bot.url}/slack/events`, body, {
      secret: SIGNING_SECRET,
      signature: forged,
    });
    expect(res.status).toBe(401);
    // No wait: the receiver checks the signature before any listener runs, and a listener enqueues
    // before it acks, so by this 401 any job the request could have made would be in the queue.
    expect(await queuedJobs()).toBe(before);
    expect(bot.slack.callsOf('response_url')).toHaveLength(0);
  });

  it('rejects a replayed request older than five minutes', async () => {
    const body = slashCommandBody({ text: 'help', response_url: bot.slack.responseUrl() });
    const old = Math.floor(Date.now() / 1000) - 600;
    const res = await postSigned(`${bot.url}/slack/events`, body, { secret: SIGNING_SECRET, timestamp: old });
    expect(res.status).toBe(401);
  });

  it('answers an unknown subcommand with help', async () => {
    const res = await bot.command('frobnicate prod');
    expect(res.body.text).toContain('Unknown subcommand `frobnicate`');
    expect(res.body.text).toContain('/ec2 accounts');
  });

  it('escapes user text echoed back', async () => {
    const res = await bot.command('<!channel>');
    expect(res.body.text).not.toContain('<!channel>');
    expect(res.body.text).toContain('&lt;!channel&gt;');
  });
});

describe('/ec2 accounts', () => {
  it('acks at once and answers both moto accounts with their ids through response_url', async () => {
    const res = await bot.command('accounts');
    expect(res.status).toBe(200);
    expect(res.body.text).toMatch(/Checking the role in 2 accounts/);
    const answer = await bot.slack.waitFor((calls) =>
      calls.find((c) => c.method === 'response_url' && c.responseId === res.responseUrl.split('/').pop()),
    );
    expect(answer.body.text).toContain('*prod* — ok, account `111111111111`, regions us-east-1, eu-west-1');
    expect(answer.body.text).toContain('*staging* — ok, account `222222222222`');
    expect(answer.body.text).toContain('2 of 2 accounts reachable');
    expect(answer.body.response_type).toBe('ephemeral');
  });
});

describe('GET /healthz', () => {
  it('is 200 while Redis answers', async () => {
    const res = await fetch(`${bot.url}/healthz`);
    expect(res.status).toBe(200);
    expect(((await res.json()) as { status: string }).status).toBe('ok');
  });
});
