import {
  DescribeImagesCommand,
  DescribeInstancesCommand,
  type EC2Client,
  RunInstancesCommand,
} from '@aws-sdk/client-ec2';
import type { OpJobPayload } from '../../src/jobs/opJob';
import { redisKeys } from '../../src/redis/keys';
import { startTestBot, type TestBot } from '../helpers/bot';
import { Ec2Faults } from '../helpers/ec2Faults';
import { waitForJob } from '../helpers/jobs';
import { type Moto, startMoto, useMotoEnv } from '../helpers/moto';
import { textOf } from '../helpers/ops';

const PROD = '111111111111';
const REGION = 'us-east-1';
/** moto's amzn-ami-hvm-2017.09 (Linux, HVM, x86_64). moto dates every AMI today, so no old-AMI warning. */
const LINUX_AMI = 'ami-760aaa0f';
const CHANNEL = 'C0PRODALERT';

let moto: Moto;
let bot: TestBot;
let ec2: EC2Client;
const faults = new Ec2Faults();

beforeAll(async () => {
  moto = await startMoto();
  useMotoEnv(moto);
  bot = await startTestBot({ name: 'resize', aws: { onClient: faults.onClient } });
  ec2 = await moto.ec2(PROD, REGION);
});
afterAll(async () => {
  await bot?.close();
  await moto?.stop();
});
beforeEach(() => bot.slack.clear());

async function launch(type: string, name: string): Promise<string> {
  const out = await ec2.send(
    new RunInstancesCommand({
      ImageId: LINUX_AMI,
      InstanceType: type as never,
      MinCount: 1,
      MaxCount: 1,
      TagSpecifications: [{ ResourceType: 'instance', Tags: [{ Key: 'Name', Value: name }] }],
    }),
  );
  const id = out.Instances![0]!.InstanceId!;
  // ENA already on, so the job never sends EnaSupport to moto (it wipes security groups, docs/architecture.md §7).
  // The EnaSupport call itself is exercised against a mocked client in test/unit/resizeOps.test.ts.
  await moto.setEna(PROD, REGION, id, true);
  return id;
}

async function instance(id: string) {
  const out = await ec2.send(new DescribeInstancesCommand({ InstanceIds: [id] }));
  return out.Reservations![0]!.Instances![0]!;
}

async function backupsOf(jobId: string) {
  const out = await ec2.send(
    new DescribeImagesCommand({
      Owners: ['self'],
      Filters: [{ Name: 'tag:ec2bot:job', Values: [jobId] }],
    }),
  );
  return out.Images ?? [];
}

/** The approval system (issue 4) enqueues this once approved; here the test enqueues it directly. */
async function runResize(jobId: string, instanceId: string, targetType: string) {
  const plan = await bot.deps.notifier.post(CHANNEL, { text: 'resize plan (approved)' });
  const payload: OpJobPayload = {
    correlationId: `cid-${jobId}`,
    requester: 'U0ALICE',
    approver: 'U0BOB',
    approvalId: jobId,
    account: 'prod',
    region: REGION,
    instanceId,
    params: { targetType },
    channel: CHANNEL,
    messageTs: plan.ts,
  };
  await bot.deps.queues.add('ops', 'resize', payload, {
    jobId,
    attempts: 3,
    backoff: { type: 'fixed', delay: 200 },
  });
  const done = await waitForJob(bot, 'ops', jobId);
  return { ...done, planTs: plan.ts };
}

const threadTexts = (ts: string): string[] =>
  bot.slack
    .callsOf('chat.postMessage')
    .filter((c) => c.body.thread_ts === ts)
    .map((c) => String(c.body.text));

describe('resize job on moto', () => {
  it('stops, backs up to one AMI, changes t2.micro → t3.micro, starts, and reports in the thread', async () => {
    const id = await launch('t2.micro', 'web-happy');
    const { state, job, planTs } = await runResize('resize-happy', id, 't3.micro');
    expect(state).toBe('completed');
    const after = await instance(id);
    expect(after.InstanceType).toBe('t3.micro');
    expect(after.State?.Name).toBe('running');
    const images = await backupsOf('resize-happy');
    expect(images).toHaveLength(1);
    const amiId = images[0]!.ImageId!;
    expect(job.returnvalue).toMatchObject({ outcome: 'done', beforeType: 't2.micro', imageId: amiId });
    const thread = threadTexts(planTs);
    expect(thread.some((t) => t.includes(`Backup AMI \`${amiId}\` created`))).toBe(true);
    expect(thread.some((t) => t.includes('Type changed t2.micro → t3.micro'))).toBe(true);
    const update = bot.slack.callsOf('chat.update').find((c) => c.body.ts === planTs);
    expect(update?.body.text).toContain('Resized');
    expect(update?.body.text).toContain(amiId);
    expect(faults.count('ModifyInstanceAttributeCommand')).toBeGreaterThan(0);
    expect(await bot.deps.redis.get(redisKeys(bot.deps.keyPrefix).lock('prod', REGION, id))).toBeNull();
    const audit = await bot.deps.audit.recent(20);
    expect(
      audit.some((a) => a.action === 'ModifyInstanceAttribute(InstanceType)' && a.instanceId === id),
    ).toBe(true);
  });

  it('rolls back to the old type when the start after the change fails (failure injected)', async () => {
    const id = await launch('t2.micro', 'web-rollback');
    // Injected: moto always has capacity. The first StartInstances (on t3.micro) fails before reaching moto.
    faults.fail('StartInstancesCommand', { name: 'InsufficientInstanceCapacity' });
    const { state, job, planTs } = await runResize('resize-rollback', id, 't3.micro');
    expect(state).toBe('completed');
    const after = await instance(id);
    expect(after.InstanceType).toBe('t2.micro');
    expect(after.State?.Name).toBe('running');
    expect(job.returnvalue).toMatchObject({ outcome: 'rolled-back', beforeType: 't2.micro' });
    expect(job.returnvalue.failure).toContain('InsufficientInstanceCapacity');
    const update = bot.slack.callsOf('chat.update').find((c) => c.body.ts === planTs);
    expect(update?.body.text).toContain('Rolled back');
    expect(update?.body.text).toContain((await backupsOf('resize-rollback'))[0]!.ImageId!);
  });

  it('when the restart on the old type fails too, reports both failures and the AMI to restore from (injected)', async () => {
    const id = await launch('t2.micro', 'web-doomed');
    // Injected twice: the start on t3.micro and the rollback's start on t2.micro both fail.
    faults.fail('StartInstancesCommand', { name: 'InsufficientInstanceCapacity' });
    faults.fail('StartInstancesCommand', { name: 'InsufficientInstanceCapacity' });
    const { state, job, planTs } = await runResize('resize-doomed', id, 't3.micro');
    expect(state).toBe('failed');
    expect(job.attemptsMade).toBe(1);
    const amiId = (await backupsOf('resize-doomed'))[0]!.ImageId!;
    const update = bot.slack.callsOf('chat.update').find((c) => c.body.ts === planTs);
    expect(update?.body.text).toContain('failed and so did the rollback');
    expect(update?.body.text).toContain(`Restore from the backup AMI \`${amiId}\``);
    expect((await instance(id)).InstanceType).toBe('t2.micro');
    expect(await bot.deps.redis.get(redisKeys(bot.deps.keyPrefix).lock('prod', REGION, id))).toBeNull();
  });

  it('rolls back when a status check fails after the start (impaired status injected)', async () => {
    const id = await launch('t2.micro', 'web-impaired');
    // Injected through the moto launcher (moto's status checks always pass), right after the type change:
    // a stop clears an override (the host move fixes it), so it must come after the job's stop. The
    // rollback waits for running, not for checks, so it completes on the old type.
    faults.afterCall('ModifyInstanceAttributeCommand', () =>
      moto.setStatus(PROD, REGION, id, { system: 'ok', instance: 'impaired' }),
    );
    const { state, job } = await runResize('resize-impaired', id, 't3.micro');
    expect(state).toBe('completed');
    expect(job.returnvalue).toMatchObject({ outcome: 'rolled-back' });
    expect(job.returnvalue.failure).toContain(
      'status checks failed (system ok, instance impaired, attached EBS ok)',
    );
    const after = await instance(id);
    expect(after.InstanceType).toBe('t2.micro');
    expect(after.State?.Name).toBe('running');
  });

  it('resumes after a crash right after CreateImage without making a second AMI (failure injected)', async () => {
    const id = await launch('m4.large', 'db-crash');
    const before = faults.count('CreateImageCommand');
    // Injected: moto creates the AMI, then the bot sees an InternalError before it can save the AMI id.
    faults.fail('CreateImageCommand', { when: 'after', name: 'InternalError' });
    const { state, job } = await runResize('resize-crash', id, 'm5.large');
    expect(state).toBe('completed');
    expect(job.attemptsMade).toBe(2); // the crashed attempt and the resumed one
    expect(faults.count('CreateImageCommand') - before).toBe(1);
    expect(await backupsOf('resize-crash')).toHaveLength(1);
    expect((await instance(id)).InstanceType).toBe('m5.large');
  });
  it('a Slack 429 on the final message update does not fail or repeat the resize', async () => {
    const id = await launch('t2.micro', 'web-429');
    bot.slack.rateLimit('chat.update', { times: 5, retryAfter: 1 });
    const { state, job } = await runResize('resize-429', id, 't3.micro');
    expect(state).toBe('completed');
    expect(job.attemptsMade).toBe(1); // one attempt, no retry
    expect(bot.slack.callsOf('chat.update:429').length).toBeGreaterThan(0);
    expect(await backupsOf('resize-429')).toHaveLength(1);
    expect((await instance(id)).InstanceType).toBe('t3.micro');
  });

  it('refuses while another operation holds the instance lock, and leaves that lock alone', async () => {
    const id = await launch('t2.micro', 'web-locked');
    const key = redisKeys(bot.deps.keyPrefix).lock('prod', REGION, id);
    const holder = { op: 'reboot', user: 'U0BOB', startedAt: new Date().toISOString(), jobId: 'other-job' };
    await bot.deps.redis.set(key, JSON.stringify(holder), 'EX', 60);
    const { state, job, planTs } = await runResize('resize-locked', id, 't3.micro');
    expect(state).toBe('failed');
    expect(job.attemptsMade).toBe(1);
    const update = bot.slack.callsOf('chat.update').find((c) => c.body.ts === planTs);
    expect(update?.body.text).toContain('busy: reboot by U0BOB');
    expect(JSON.parse((await bot.deps.redis.get(key))!).jobId).toBe('other-job');
    expect((await instance(id)).InstanceType).toBe('t2.micro');
    expect(await backupsOf('resize-locked')).toHaveLength(0);
  });
});

describe('/ec2 resize and migrate', () => {
  const answerTo = async (responseUrl: string) =>
    bot.slack.waitFor((calls) =>
      calls.find((c) => c.method === 'response_url' && c.responseId === responseUrl.split('/').pop()),
    );

  it('--dry-run answers the checklist and the EC2 DryRun result and changes nothing', async () => {
    const id = await launch('t2.micro', 'web-dry');
    const ownImages = async () =>
      (await ec2.send(new DescribeImagesCommand({ Owners: ['self'] }))).Images?.length ?? 0;
    const imagesBefore = await ownImages();
    const res = await bot.command('resize prod web-dry t3.micro --dry-run', { user: 'U0ALICE' });
    expect(res.status).toBe(200);
    expect(res.body.text).toContain('Dry run: planning resize of `web-dry` → `t3.micro` in prod');
    const answer = textOf((await answerTo(res.responseUrl)).body);
    expect(answer).toContain('architecture x86_64 matches');
    expect(answer).toContain('presents EBS as NVMe');
    expect(answer).toContain('NitroInstanceChecks');
    expect(answer).toContain('ENA already on');
    for (const call of [
      'StopInstances',
      'CreateImage',
      'ModifyInstanceAttribute InstanceType=t3.micro',
      'StartInstances',
    ])
      expect(answer).toContain(`\`${call}\` :white_check_mark: the role may do it`);
    expect(answer).toContain('nothing was changed.');
    const after = await instance(id);
    expect(after.InstanceType).toBe('t2.micro');
    expect(after.State?.Name).toBe('running');
    expect(await ownImages()).toBe(imagesBefore);
  });

  it('--dry-run names a call the role may not make (UnauthorizedOperation injected: moto allows everything)', async () => {
    await launch('t2.micro', 'web-denied');
    faults.fail('CreateImageCommand', { name: 'UnauthorizedOperation', status: 403 });
    const res = await bot.command('resize prod web-denied t3.micro --dry-run', { user: 'U0ALICE' });
    const text = textOf((await answerTo(res.responseUrl)).body);
    expect(text).toContain('`CreateImage` :no_entry: the role is not allowed (UnauthorizedOperation)');
    expect(text).toContain('`StopInstances` :white_check_mark: the role may do it');
  });

  it('a clean plan is handed to the operations feature: an approval request with the checklist', async () => {
    await launch('m4.large', 'api-clean');
    const res = await bot.command('migrate prod api-clean m5.large', { user: 'U0ALICE' });
    const answer = await answerTo(res.responseUrl);
    expect(answer.body.text).toMatch(/Sent for approval \(request apr-[\w-]+\)/);
    const plan = await bot.slack.waitFor((calls) =>
      calls.find(
        (c) =>
          c.method === 'chat.postMessage' && JSON.stringify(c.body.blocks).includes('ec2.approval.approve'),
      ),
    );
    expect(JSON.stringify(plan.body.blocks)).toContain('m4.large → m5.large');
    expect(JSON.stringify(plan.body.blocks)).not.toContain(':no_entry:');
  });

  it('blocks an architecture change and a type the region lacks', async () => {
    await launch('t2.micro', 'web-arm');
    const arm = await bot.command('resize prod web-arm m6g.large', { user: 'U0ALICE' });
    const armAnswer = textOf((await answerTo(arm.responseUrl)).body);
    expect(armAnswer).toContain('architecture x86_64 does not run on m6g.large (arm64)');
    expect(armAnswer).toContain('it was not sent for approval and nothing changed');
    expect(armAnswer).not.toContain('NOT_AVAILABLE');
    const none = await bot.command('resize prod web-arm zz9.huge', { user: 'U0ALICE' });
    expect(textOf((await answerTo(none.responseUrl)).body)).toContain(
      'instance type zz9.huge does not exist in us-east-1',
    );
  });

  it('answers usage errors at once, with nothing enqueued', async () => {
    const res = await bot.command('resize prod', { user: 'U0ALICE' });
    // Escaped for Slack (a bare <account> would be read as markup); Slack shows it as <account>.
    expect(res.body.text).toContain(
      'Usage: `/ec2 resize &lt;account&gt; &lt;instance&gt; &lt;type&gt; [--dry-run] [--standby]`',
    );
    const unknown = await bot.command('resize nope i-0123456789abcdef0 m5.large');
    expect(unknown.body.text).toContain('No account "nope". Known accounts: prod, staging.');
  });
});
