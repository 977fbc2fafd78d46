import {
  type DescribeInstanceTypesCommandOutput,
  type EC2Client,
  ModifyInstanceAttributeCommand,
} from '@aws-sdk/client-ec2';
import type { Job } from 'bullmq';
import IORedis from 'ioredis';
import pino from 'pino';
import { type Ec2Ops, ec2Ops } from '../../src/aws/ec2Ops';
import { toTypeInfo } from '../../src/aws/instanceTypes';
import type { Deps } from '../../src/deps';
import type { InstanceInfo } from '../../src/domain/instance';
import type { TypeInfo } from '../../src/domain/instanceType';
import type { OpJobData } from '../../src/jobs/opJob';
import { LOST_STEP } from '../../src/ops/inFlight';
import { runOperation } from '../../src/ops/machine';
import { SPECS } from '../../src/ops/operations';
import { buildStores } from '../../src/process/webDeps';
import { anInstance } from '../helpers/instance';
import { cleanPrefix, REDIS_URL, uniquePrefix } from '../helpers/redis';

/**
 * The EnaSupport call cannot run on moto (it wipes the instance's security groups, docs/architecture.md §7), so it
 * is exercised here against a mocked EC2 client, and the resize spec's ENA path through the one step
 * machine against an in-memory EC2 port (a real Redis holds the instance lock). The rest of the resize
 * runs on moto in test/integration/resize.test.ts.
 */
describe('ENA attribute (mocked EC2: moto cannot take EnaSupport)', () => {
  it('sends ModifyInstanceAttribute with EnaSupport only', async () => {
    const send = jest.fn().mockResolvedValue({});
    const ops = ec2Ops({ send } as unknown as EC2Client, 'prod', 'us-east-1');
    await ops.setEna('i-0123456789abcdef0', true);
    expect(send).toHaveBeenCalledTimes(1);
    const cmd = send.mock.calls[0]![0] as ModifyInstanceAttributeCommand;
    expect(cmd).toBeInstanceOf(ModifyInstanceAttributeCommand);
    expect(cmd.input).toEqual({ InstanceId: 'i-0123456789abcdef0', EnaSupport: { Value: true } });
  });
});

const fixture = (name: string): TypeInfo =>
  toTypeInfo(
    (require(`../fixtures/instance-types/${name}.json`) as DescribeInstanceTypesCommandOutput)
      .InstanceTypes![0]!,
  );
const TYPES = new Map(['t2.micro', 'm5.large', 'm6g.large'].map((n) => [n, fixture(n)]));
const INSTANCE: InstanceInfo = anInstance({ type: 't2.micro', architecture: 'x86_64' });
const capacity = () => Object.assign(new Error('x'), { name: 'InsufficientInstanceCapacity' });

/** An in-memory instance behind the EC2 port (records every mutating call). */
function fakeEc2(opts: { failStartOnType?: string }) {
  const inst = { state: 'running', type: 't2.micro', ena: false };
  const calls: string[] = [];
  const images: { id: string; state: string }[] = [];
  const now = () => ({
    info: { ...INSTANCE, state: inst.state, type: inst.type },
    state: inst.state,
    type: inst.type,
  });
  const ops: Partial<Ec2Ops> = {
    preflightInput: async (_id, target) => ({
      instance: { ...INSTANCE, state: inst.state, type: inst.type },
      enaSupport: inst.ena,
      current: TYPES.get(inst.type),
      targetName: target,
      target: TYPES.get(target),
    }),
    describe: async () => now(),
    statusChecks: async () => ({ state: inst.state, system: 'ok', instance: 'ok', ebs: 'ok', events: [] }),
    enaSupport: async () => inst.ena,
    stop: async () => {
      calls.push('stop');
      inst.state = 'stopped';
    },
    start: async () => {
      calls.push(`start ${inst.type}`);
      if (inst.type === opts.failStartOnType) throw capacity();
      inst.state = 'running';
    },
    setType: async (_id, type) => {
      calls.push(`type ${type}`);
      inst.type = type;
    },
    setEna: async (_id, on) => {
      calls.push(`ena ${on}`);
      inst.ena = on;
    },
    imagesByTag: async () => images,
    tagInstance: async () => {},
    untagInstance: async () => {},
    createImage: async () => {
      calls.push('image');
      images.push({ id: 'ami-0fake', state: 'available' });
      return 'ami-0fake';
    },
  };
  return { inst, calls, ops };
}

const prefix = uniquePrefix('resize-unit');
const redis = new IORedis(REDIS_URL, { maxRetriesPerRequest: 1 });
afterAll(async () => {
  redis.disconnect();
  await cleanPrefix(prefix);
});

let seq = 0;
async function run(ops: Partial<Ec2Ops>, target = 'm5.large', saved: Partial<OpJobData> = {}) {
  const data: OpJobData = {
    correlationId: 'cid',
    requester: 'U0ALICE',
    account: 'prod',
    region: 'us-east-1',
    instanceId: INSTANCE.id,
    params: { targetType: target },
    ...saved,
  };
  const job = {
    id: `job-${++seq}`,
    data,
    attemptsMade: 0,
    opts: { attempts: 3 },
    updateData: async (d: OpJobData) => {
      job.data = d;
    },
  };
  const account = { alias: 'prod', regions: ['us-east-1'] };
  const deps = {
    config: { accounts: new Map([['prod', account]]) },
    ec2Port: () => ops,
    redis,
    keyPrefix: prefix,
    stores: buildStores(redis, prefix),
    now: () => new Date(),
    tuning: { pollMs: 1, progressMs: 60_000 },
    notifier: { post: async () => ({ ts: '1', channel: 'C' }), update: async () => {} },
    audit: { record: async () => {} },
  } as unknown as Deps;
  const log = pino({ level: 'silent' });
  const out = await runOperation(SPECS.resize, deps)(data, { job: job as unknown as Job, log });
  return { out, job };
}

describe('resize through the step machine, ENA path (in-memory port)', () => {
  it('turns ENA on before the type change when the target requires it', async () => {
    const f = fakeEc2({});
    const { out, job } = await run(f.ops);
    expect(out.outcome).toBe('done');
    expect(f.calls).toEqual(['stop', 'image', 'ena true', 'type m5.large', 'start m5.large']);
    expect(f.inst).toEqual({ state: 'running', type: 'm5.large', ena: true });
    expect(job.data.outputs).toMatchObject({ beforeType: 't2.micro', wasRunning: true, enableEna: true });
  });

  it('skips the ENA step when it is already on', async () => {
    const f = fakeEc2({});
    f.inst.ena = true;
    const { out } = await run(f.ops);
    expect(out.outcome).toBe('done');
    expect(f.calls).toEqual(['stop', 'image', 'type m5.large', 'start m5.large']);
  });

  it('refuses a target the preflight blocks, touching nothing', async () => {
    const f = fakeEc2({});
    await expect(run(f.ops, 'm6g.large')).rejects.toMatchObject({ code: 'PRECONDITION_FAILED' });
    expect(f.calls).toEqual([]);
  });

  it('leaves an instance that was stopped before stopped after the change', async () => {
    const f = fakeEc2({});
    f.inst.state = 'stopped';
    const { out } = await run(f.ops);
    expect(out.outcome).toBe('done');
    expect(f.calls).toEqual(['image', 'ena true', 'type m5.large']);
    expect(f.inst).toEqual({ state: 'stopped', type: 'm5.large', ena: true });
  });

  it('on a failed start restores the old type and turns ENA back off', async () => {
    const f = fakeEc2({ failStartOnType: 'm5.large' });
    const { out } = await run(f.ops);
    expect(out.outcome).toBe('rolled-back');
    expect(String(out.failure)).toContain('InsufficientInstanceCapacity');
    expect(f.calls.slice(-4)).toEqual(['start m5.large', 'type t2.micro', 'ena false', 'start t2.micro']);
    expect(f.inst).toEqual({ state: 'running', type: 't2.micro', ena: false });
  });

  it('refuses a job whose params its spec does not accept before anything runs (they come back from Redis)', async () => {
    const f = fakeEc2({});
    await expect(run(f.ops, 'm5.large', { params: { targetType: 'not a type' } })).rejects.toMatchObject({
      code: 'BAD_INPUT',
      userMessage: expect.stringContaining('not valid parameters for resize'),
    });
    expect(f.calls).toEqual([]);
  });

  it('rolls back a job salvaged without its data (no params): the rollback reads only its outputs', async () => {
    const f = fakeEc2({});
    f.inst.type = 'm5.large';
    const { out } = await run(f.ops, 'm5.large', {
      params: {},
      outputs: { beforeType: 't2.micro', wasRunning: true },
      rollback: { reason: 'its job was lost', failedStep: LOST_STEP, step: 0 },
      salvage: { lostJobId: 'job-lost', why: 'its job was lost' },
    });
    expect(out.outcome).toBe('rolled-back');
    expect(f.inst).toMatchObject({ state: 'running', type: 't2.micro' });
  });

  it('fails (reported, no retry) when even the rollback fails, naming the rollback step', async () => {
    const f = fakeEc2({ failStartOnType: 'm5.large' });
    const realStart = f.ops.start!;
    f.ops.start = async (id) => {
      if (f.inst.type === 't2.micro') throw capacity();
      return realStart(id);
    };
    await expect(run(f.ops)).rejects.toMatchObject({
      code: 'PRECONDITION_FAILED',
      reported: true,
      userMessage: expect.stringContaining('rollback-start'),
    });
  });
});
