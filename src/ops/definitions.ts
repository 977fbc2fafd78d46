import type { Operation } from '../config/schema';
import { AppError, ErrorCode } from '../errors';
import { backupImageName } from './backupName';
import type { OperationDef, Step } from './stepMachine';
import { startStep, stopStep, waitStateStep, waitStatusOkStep } from './steps';
import { pollUntil } from './wait';

/** Tag on every AMI a backup makes: the job id, so a retry finds its image instead of making another. */
export const JOB_TAG = 'ec2bot:job';

const backupImage: Step = {
  name: 'create-image',
  done: (o) => `image ${String(o.imageId)} requested`,
  async run(ctx) {
    const existing = await ctx.ec2.imagesByTag(JOB_TAG, ctx.jobId);
    if (existing[0]) return { imageId: existing[0].id };
    const d = ctx.data;
    const name = backupImageName(String(d.params?.name ?? d.instanceId), ctx.deps.now());
    const imageId = await ctx.call('CreateImage', () =>
      ctx.ec2.createImage(d.instanceId, {
        name,
        noReboot: d.params?.reboot !== true,
        tags: {
          Name: name,
          [JOB_TAG]: ctx.jobId,
          'ec2bot:requester': d.requester,
          'ec2bot:source-instance': d.instanceId,
          'managed-by': 'ec2-ops-bot',
        },
      }),
    );
    return { imageId };
  },
};

const imageAvailable: Step = {
  name: 'wait-image',
  done: (o) => `image ${String(o.imageId)} available`,
  async run(ctx) {
    await pollUntil(
      `image ${String(ctx.outputs.imageId)} to be available`,
      async () => (await ctx.ec2.imagesByTag(JOB_TAG, ctx.jobId))[0]?.state ?? 'missing',
      (s) => s === 'available',
      {
        timeoutMs: 60 * 60_000,
        stillWaiting: (s, ms) =>
          ctx.note(
            `still waiting for image ${String(ctx.outputs.imageId)}: ${s} after ${Math.round(ms / 60_000)} min (large volumes take a while)`,
          ),
        fail: (s) =>
          s === 'failed' || s === 'invalid' || s === 'deregistered'
            ? new AppError(ErrorCode.Precondition, `The image ended ${s}; nothing else was changed.`)
            : undefined,
      },
    );
    return undefined;
  },
};

const reboot: Step = {
  name: 'reboot',
  done: 'reboot requested',
  once: true,
  async run(ctx) {
    await ctx.call('RebootInstances', () => ctx.ec2.reboot(ctx.data.instanceId));
    return undefined;
  },
};

const reschedule: Step = {
  name: 'modify-event',
  done: (o) => `event moved to ${String(o.notBefore)}`,
  async run(ctx) {
    const { eventId, notBefore } = ctx.data.params as { eventId: string; notBefore: string };
    const events = (await ctx.ec2.statusChecks(ctx.data.instanceId)).events;
    const event = events.find((e) => e.id === eventId);
    if (!event)
      throw new AppError(ErrorCode.Precondition, 'The scheduled event is gone (completed or canceled).');
    if (event.notBefore && Date.parse(event.notBefore) === Date.parse(notBefore)) return { notBefore };
    await ctx.call('ModifyInstanceEventStartTime', () =>
      ctx.ec2.modifyEventStartTime(ctx.data.instanceId, eventId, new Date(notBefore)),
    );
    return { notBefore };
  },
};

const p = (params: Record<string, unknown>) => params as { eventId: string; notBefore: string };

/** Every instance operation: its steps, its DryRun check and its one-line result. */
export const OPERATION_DEFS: Partial<Record<Operation, OperationDef>> = {
  backup: {
    op: 'backup',
    steps: [backupImage, imageAvailable],
    dryRun: (ec2, id, params) =>
      ec2
        .createImage(id, { name: 'dry-run', noReboot: params.reboot !== true, tags: {}, dryRun: true })
        .then(() => {}),
    summary: (o) => `AMI ${String(o.imageId)} is available`,
  },
  reboot: {
    op: 'reboot',
    steps: [reboot, waitStatusOkStep()],
    dryRun: (ec2, id) => ec2.reboot(id, { dryRun: true }),
    summary: () => 'rebooted; both status checks pass',
  },
  stop: {
    op: 'stop',
    steps: [stopStep(), waitStateStep('stopped')],
    dryRun: (ec2, id) => ec2.stop(id, { dryRun: true }),
    summary: () => 'stopped',
  },
  start: {
    op: 'start',
    steps: [startStep(), waitStateStep('running')],
    dryRun: (ec2, id) => ec2.start(id, { dryRun: true }),
    summary: () => 'running',
  },
  recover: {
    op: 'recover',
    steps: [stopStep(), waitStateStep('stopped'), startStep(), waitStateStep('running'), waitStatusOkStep()],
    dryRun: (ec2, id) => ec2.stop(id, { dryRun: true }),
    summary: () => 'moved to a new host: running, both status checks pass',
  },
  hibernate: {
    op: 'hibernate',
    steps: [stopStep({ hibernate: true }), waitStateStep('stopped')],
    dryRun: (ec2, id) => ec2.stop(id, { hibernate: true, dryRun: true }),
    summary: () => 'hibernated (stopped with RAM saved)',
  },
  reschedule: {
    op: 'reschedule',
    steps: [reschedule],
    dryRun: (ec2, id, params) =>
      ec2.modifyEventStartTime(id, p(params).eventId, new Date(p(params).notBefore), { dryRun: true }),
    summary: (o) => `event now starts ${String(o.notBefore)}`,
  },
};
