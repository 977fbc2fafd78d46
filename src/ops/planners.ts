import type { Operation } from '../config/schema';
import type { Deps } from '../deps';
import { type InstanceInfo, instanceLabel, stopStartConsequences } from '../domain/instance';
import type { OperationPlan, OperationRequest } from '../opsApi';
import { snapshotsOperationPlan } from '../snapshots/operationPlan';
import { backupImageName } from './backupName';
import { planReschedule } from './reschedulePlan';
import { planResize } from './resizePlanner';

export type Planner = (deps: Deps, req: OperationRequest, instance?: InstanceInfo) => Promise<OperationPlan>;

const label = (i?: InstanceInfo): string => (i ? instanceLabel(i) : 'the instance');

/** Blocks unless the instance is in one of `states`; says what state it is in, in plain words. */
function needState(i: InstanceInfo | undefined, states: string[], what: string): string[] {
  if (!i) return ['no instance named'];
  return states.includes(i.state) ? [] : [`${label(i)} is ${i.state}: ${what}`];
}

const backup: Planner = async (deps, req, i) => {
  const reboot = req.params?.reboot === true;
  return {
    title: `Back up ${label(i)} to an AMI`,
    steps: [
      `CreateImage ${backupImageName(i?.name ?? i?.id ?? 'instance', deps.now())}${reboot ? ' (with reboot)' : ' (no reboot)'}`,
      'wait until the AMI is available, then report its id',
    ],
    warnings: reboot
      ? ['the instance reboots for a consistent image']
      : ['no reboot: the image is crash-consistent only (add --reboot for a consistent one)'],
    blockers: needState(i, ['running', 'stopped'], 'an AMI needs a running or stopped instance'),
  };
};

const reboot: Planner = async (_deps, _req, i) => ({
  title: `Reboot ${label(i)}`,
  steps: ['RebootInstances', 'wait until both status checks pass'],
  warnings: ['the instance is unavailable while it reboots'],
  blockers: needState(i, ['running'], 'only a running instance can be rebooted'),
});

const stop: Planner = async (_deps, _req, i) => ({
  title: `Stop ${label(i)}`,
  steps: ['StopInstances', 'wait until stopped'],
  warnings: i ? stopStartConsequences(i).filter((w) => !w.startsWith('instance-store root')) : [],
  blockers: [
    ...needState(i, ['running', 'pending'], 'there is nothing to stop'),
    ...(i?.rootDeviceType === 'instance-store'
      ? ['instance-store root: it cannot be stopped, only terminated']
      : []),
  ],
});

const start: Planner = async (_deps, _req, i) => ({
  title: `Start ${label(i)}`,
  steps: ['StartInstances', 'wait until running'],
  warnings: i?.spot ? ['Spot instance: capacity may not be available'] : [],
  blockers: needState(
    i,
    ['stopped'],
    i?.state === 'running'
      ? 'it is already running, nothing to start'
      : 'only a stopped instance can be started',
  ),
});

const recover: Planner = async (_deps, _req, i) => {
  const consequences = i ? stopStartConsequences(i) : [];
  return {
    title: `Recover ${label(i)} (stop + start onto a new host)`,
    steps: [
      'StopInstances',
      'wait until stopped',
      'StartInstances',
      'wait until running',
      'wait until both status checks pass',
    ],
    warnings: consequences.filter((w) => !w.startsWith('instance-store root')),
    blockers: [
      ...needState(i, ['running', 'stopped', 'pending'], 'wait until it has settled, then try again'),
      ...(i?.rootDeviceType === 'instance-store'
        ? ['instance-store root: a stop would terminate it; replace it from an AMI instead']
        : []),
    ],
  };
};

const hibernate: Planner = async (_deps, _req, i) => {
  const configured = i?.hibernationConfigured === true;
  return {
    title: `Hibernate ${label(i)}`,
    steps: [
      'StopInstances with Hibernate=true (RAM saved to the encrypted root volume)',
      'wait until stopped',
    ],
    warnings: i ? stopStartConsequences(i).filter((w) => !w.startsWith('instance-store root')) : [],
    blockers: [
      ...needState(i, ['running'], 'only a running instance can hibernate'),
      ...(configured
        ? []
        : [
            'hibernation is not configured on this instance (it can only be enabled at launch); a plain stop loses RAM',
          ]),
    ],
    offer: configured ? undefined : ['stop'],
  };
};

/** Account-level and not-yet-planned operations: the request itself is the plan. */
export const genericPlanner: Planner = async (_deps, req, i) => ({
  title: i ? `${req.op} ${label(i)}` : `${req.op} in ${req.account}`,
  steps: [req.op === 'snapshots' ? 'apply the snapshot retention policy (create + expire)' : `run ${req.op}`],
  warnings: [],
  blockers: [],
});

/** One planner per operation (one line each); the approval handler calls it again before enqueueing. */
export const PLANNERS: Partial<Record<Operation, Planner>> = {
  backup,
  reboot,
  stop,
  start,
  recover,
  hibernate,
  reschedule: planReschedule,
  snapshots: (deps, req) =>
    snapshotsOperationPlan(deps, {
      account: req.account,
      regions: req.params?.regions,
      requester: req.requester,
    }),
  resize: planResize,
};

export const plannerFor = (op: Operation): Planner => PLANNERS[op] ?? genericPlanner;
