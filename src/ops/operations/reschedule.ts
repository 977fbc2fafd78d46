import { instanceLabel } from '../../domain/instance';
import { rescheduleBlockers } from '../../domain/reschedule';
import { dateToken } from '../../domain/time';
import { AppError, ErrorCode } from '../../errors/appError';
import { RESCHEDULE } from '../catalog/reschedule';
import { dryCheck } from '../dryRun';
import type { ParamsOf } from '../entry';
import type { OperationSpec, Step } from '../spec';

const modifyEvent: Step<ParamsOf<typeof RESCHEDULE>> = {
  name: 'modify-event',
  done: (o) => `event moved to ${dateToken(new Date(String(o.notBefore)))}`,
  async run(ctx) {
    const { eventId, notBefore } = ctx.data.params;
    const events = (await ctx.ec2.statusChecks(ctx.data.instanceId ?? '')).events;
    const event = events.find((e) => e.id === eventId);
    if (!event)
      throw new AppError(ErrorCode.Precondition, 'The scheduled event is gone (completed or canceled).');
    if (event.notBefore && Date.parse(event.notBefore) === Date.parse(notBefore)) return { notBefore };
    await ctx.call('ModifyInstanceEventStartTime', () =>
      ctx.ec2.modifyEventStartTime(ctx.data.instanceId ?? '', eventId, new Date(notBefore)),
    );
    return { notBefore };
  },
};

/** Reschedule (the events button's date-time picker): ModifyInstanceEventStartTime within the deadline. */
export const reschedule: OperationSpec<typeof RESCHEDULE.params> = {
  ...RESCHEDULE,
  afterLoss: 'resume',
  async plan({ deps, ec2, instance: i, req, params: { eventId, notBefore } }) {
    const event = (await ec2!.statusChecks(i?.id ?? req.instanceId ?? '')).events.find(
      (e) => e.id === eventId,
    );
    return {
      title: `Reschedule ${event?.code ?? 'the event'} on ${i ? instanceLabel(i) : req.instanceId}`,
      steps: [`ModifyInstanceEventStartTime to ${dateToken(new Date(notBefore))}`],
      warnings: event?.notBefore ? [`currently scheduled for ${dateToken(new Date(event.notBefore))}`] : [],
      blockers: rescheduleBlockers(event, new Date(notBefore), deps.now()),
    };
  },
  dryRun: async ({ ec2, instance, params: p }) => [
    await dryCheck('ModifyInstanceEventStartTime', () =>
      ec2!.modifyEventStartTime(instance!.id, p.eventId, new Date(p.notBefore), { dryRun: true }),
    ),
  ],
  steps: () => [modifyEvent],
  summary: (r) =>
    r.outcome === 'done' ? `event now starts ${dateToken(new Date(String(r.outputs.notBefore)))}` : undefined,
};
