import {
  type DescribeInstanceTypesCommandOutput,
  type EC2Client,
  ModifyInstanceAttributeCommand,
} from '@aws-sdk/client-ec2';
import type { Job } from 'bullmq';
import pino from 'pino';
import { DEFAULT_TIMING, makeCtx } from '../../jobs/resize/context';
import { runResize } from '../../jobs/resize/run';
import type { ResizePayload } from '../../jobs/resize/schema';
import { toTypeInfo } from '../../src/aws/instanceTypes';
import type { ResizeEc2 } from '../../src/aws/resizeOps';
import { ec2ResizeOps } from '../../src/aws/resizeOps';
import type { Deps } from '../../src/deps';
import type { InstanceInfo } from '../../src/domain/instance';
import type { TypeInfo } from '../../src/domain/instanceType';
import { anInstance } from '../helpers/instance';

/**
 * The EnaSupport call cannot run on moto (it wipes the instance's security groups, DESIGN.md §7), so it
 * is exercised here against a mocked EC2 client, and the step machine's ENA path against an in-memory
 * port. The rest of the resize job runs on moto in test/integration/resize.test.ts.
 */
describe('ENA attribute (mocked EC2: moto cannot take EnaSupport)', () => {
  it('sends ModifyInstanceAttribute with EnaSupport only', async () => {
    const send = jest.fn().mockResolvedValue({});
    const ops = ec2ResizeOps({ send } as unknown as EC2Client, 'prod', 'us-east-1');
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

/** An in-memory instance behind the ResizeEc2 port (records every mutating call). */
function fakeEc2(opts: { failStartOnType?: string }) {
  const inst = { state: 'running', type: 't2.micro', ena: false };
  const calls: string[] = [];
  const ops: ResizeEc2 = {
    preflightInput: async (_id, target) => ({
      instance: { ...INSTANCE, state: inst.state, type: inst.type },
      enaSupport: inst.ena,
      current: TYPES.get(inst.type),
      targetName: target,
      target: TYPES.get(target),
    }),
    describe: async () => ({ state: inst.state, type: inst.type }),
    enaSupport: async () => inst.ena,
    stop: async () => {
      calls.push('stop');
      inst.state = 'stopped';
    },
    start: async () => {
      calls.push(`start ${inst.type}`);
      if (inst.type === opts.failStartOnType)
        throw Object.assign(new Error('x'), { name: 'InsufficientInstanceCapacity' });
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
    dryRun: async () => {
      throw new Error('not used');
    },
    findBackup: async () => undefined,
    createBackup: async () => {
      calls.push('image');
      return 'ami-0fake';
    },
    imageState: async () => 'available',
    status: async () => ({ system: 'ok', instance: 'ok' }),
  };
  return { inst, calls, ops };
}

function ctxFor(ops: ResizeEc2, wasRunning = true, target = 'm5.large', fresh = false) {
  const data: ResizePayload = {
    correlationId: 'cid',
    requester: 'U0ALICE',
    account: 'prod',
    region: 'us-east-1',
    instanceId: 'i-0123456789abcdef0',
    params: { targetType: target },
    // prepare (the preflight on AWS) already ran: its outputs are saved like a resumed job's.
    resize: fresh
      ? undefined
      : {
          step: 'stop',
          beforeType: 't2.micro',
          wasRunning,
          enaBefore: false,
          enableEna: true,
          startedAt: new Date().toISOString(),
        },
  };
  const saved: unknown[] = [];
  const job = {
    id: 'job-1',
    attemptsMade: 0,
    opts: { attempts: 3 },
    updateData: async (d: unknown) => void saved.push(d),
  } as unknown as Job;
  const deps = {
    now: () => new Date(),
    notifier: { post: async () => ({ ts: '1', channel: 'C' }) },
    audit: { record: async () => {} },
  } as unknown as Deps;
  return { ctx: makeCtx(deps, job, data, pino({ level: 'silent' }), ops, DEFAULT_TIMING), saved };
}

describe('resize step machine, ENA path (in-memory port)', () => {
  it('turns ENA on before the type change when the target requires it', async () => {
    const f = fakeEc2({});
    const { ctx } = ctxFor(f.ops);
    const out = await runResize(ctx);
    expect(out.kind).toBe('done');
    expect(f.calls).toEqual(['stop', 'image', 'ena true', 'type m5.large', 'start m5.large']);
    expect(f.inst).toEqual({ state: 'running', type: 'm5.large', ena: true });
  });

  it('a fresh job re-runs the preflight and saves what it found before any side effect', async () => {
    const f = fakeEc2({});
    f.inst.ena = true;
    const { ctx, saved } = ctxFor(f.ops, true, 'm5.large', true);
    const out = await runResize(ctx);
    expect(out.kind).toBe('done');
    expect(saved[0]).toMatchObject({
      resize: { beforeType: 't2.micro', wasRunning: true, enableEna: false },
    });
    expect(f.calls).toEqual(['stop', 'image', 'type m5.large', 'start m5.large']);
  });

  it('a fresh job refuses a target the preflight blocks, touching nothing', async () => {
    const f = fakeEc2({});
    const { ctx } = ctxFor(f.ops, true, 'm6g.large', true);
    await expect(runResize(ctx)).rejects.toMatchObject({ code: 'PRECONDITION_FAILED' });
    expect(f.calls).toEqual([]);
  });

  it('leaves an instance that was stopped before stopped after the change', async () => {
    const f = fakeEc2({});
    f.inst.state = 'stopped';
    const out = await runResize(ctxFor(f.ops, false).ctx);
    expect(out.kind).toBe('done');
    expect(f.calls).toEqual(['image', 'ena true', 'type m5.large']);
    expect(f.inst).toEqual({ state: 'stopped', type: 'm5.large', ena: true });
  });

  it('on a failed start restores the old type and turns ENA back off', async () => {
    const f = fakeEc2({ failStartOnType: 'm5.large' });
    const { ctx } = ctxFor(f.ops);
    const out = await runResize(ctx);
    expect(out.kind).toBe('rolled-back');
    expect(out.failure).toContain('InsufficientInstanceCapacity');
    expect(f.calls.slice(-4)).toEqual(['start m5.large', 'type t2.micro', 'ena false', 'start t2.micro']);
    expect(f.inst).toEqual({ state: 'running', type: 't2.micro', ena: false });
  });

  it('reports the AMI to restore from when even the rollback fails', async () => {
    const f = fakeEc2({ failStartOnType: 'm5.large' });
    const realStart = f.ops.start;
    f.ops.start = async (id) => {
      if (f.inst.type === 't2.micro')
        throw Object.assign(new Error('x'), { name: 'InsufficientInstanceCapacity' });
      return realStart(id);
    };
    const { ctx } = ctxFor(f.ops);
    const out = await runResize(ctx);
    expect(out.kind).toBe('rollback-failed');
    expect(out.amiId).toBe('ami-0fake');
    expect(out.rollbackFailure).toContain('rollback start');
  });
});
