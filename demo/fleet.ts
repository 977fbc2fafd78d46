import type { InjectedEvent } from '../test/helpers/moto';
import { ACCOUNT_IDS, type DemoAccount } from './people';

/** One simulated instance of the demo fleet. */
export interface FleetSpec {
  account: DemoAccount;
  region: string;
  name: string;
  type: string;
  eip?: boolean;
  /** Auto Scaling group name (the `aws:autoscaling:groupName` tag). */
  asg?: string;
  tags?: Record<string, string>;
  /** Days of daily snapshot history of its root volume. */
  snapshotDays?: number;
  events?: (now: Date) => InjectedEvent[];
  status?: { system?: string; instance?: string; ebs?: string };
  /** Launched as a Spot instance, through a one-time (`true`) or persistent Spot request. */
  spot?: boolean | 'persistent';
  /** `instance-store`: an instance-store-backed (root) instance (the launcher sets RootDeviceType). */
  rootDeviceType?: 'instance-store';
  /** MaintenanceOptions beyond AWS's defaults for the type (e.g. reboot migration `disabled`). */
  maintenance?: { rebootMigration?: string; autoRecovery?: string };
  /** What DescribeVolumeStatus says of its volumes (an attached-EBS failure's cause). */
  volumeStatus?: { status: string; events?: string[]; actions?: string[] };
}

const H = 3600_000;
const D = 24 * H;
const iso = (now: Date, ms: number): string => new Date(now.getTime() + ms).toISOString();

const web = { Role: 'web', Backup: 'daily' };
const app = { Role: 'api', Backup: 'daily' };

/**
 * ~35 instances over two accounts and two regions: old Xen types (t2, m4, c4, m3, r4) next to Nitro
 * ones, Elastic IPs, an instance-store type and an instance-store-backed instance, a Spot instance, an
 * Auto Scaling member, a hostile Name tag (escaping), snapshot history, scheduled events of every kind
 * (an instance-reboot to reschedule, a system-reboot with reboot migration, a retirement that terminates)
 * and failing status checks (a host failure AWS recovers by itself, an attached-EBS failure, no data yet).
 */
export const FLEET: FleetSpec[] = [
  {
    account: 'prod',
    region: 'us-east-1',
    name: 'web-1',
    type: 't2.medium',
    eip: true,
    tags: web,
    snapshotDays: 10,
  },
  {
    account: 'prod',
    region: 'us-east-1',
    name: 'web-2',
    type: 't2.medium',
    eip: true,
    tags: web,
    snapshotDays: 10,
    events: (now) => [
      {
        Code: 'instance-stop',
        Description: '[Completed] The instance is running on degraded hardware',
        NotBefore: iso(now, -20 * D),
        NotAfter: iso(now, -20 * D + 2 * H),
      },
    ],
  },
  {
    account: 'prod',
    region: 'us-east-1',
    name: 'web-3',
    type: 't2.medium',
    tags: web,
    status: { system: 'impaired', instance: 'ok' },
  },
  { account: 'prod', region: 'us-east-1', name: 'web-4', type: 't3.medium', tags: web },
  {
    account: 'prod',
    region: 'us-east-1',
    name: 'api-1',
    type: 'm4.large',
    tags: app,
    snapshotDays: 10,
    events: (now) => [
      {
        Code: 'instance-stop',
        Description: 'The instance is running on degraded hardware',
        NotBefore: iso(now, 5 * D),
        NotAfter: iso(now, 5 * D + 2 * H),
      },
    ],
  },
  { account: 'prod', region: 'us-east-1', name: 'api-2', type: 'm4.large', tags: app, snapshotDays: 10 },
  {
    account: 'prod',
    region: 'us-east-1',
    name: 'db-primary',
    type: 'r5.xlarge',
    eip: true,
    tags: { Role: 'db', Backup: 'daily' },
    snapshotDays: 10,
  },
  { account: 'prod', region: 'us-east-1', name: 'worker-1', type: 'c4.xlarge', tags: { Role: 'worker' } },
  {
    account: 'prod',
    region: 'us-east-1',
    name: 'worker-2',
    type: 'c4.xlarge',
    tags: { Role: 'worker' },
    events: (now) => [
      {
        Code: 'system-reboot',
        Description: 'scheduled reboot',
        NotBefore: iso(now, 3 * D),
        NotAfter: iso(now, 3 * D + 2 * H),
        NotBeforeDeadline: iso(now, 10 * D),
      },
    ],
  },
  {
    account: 'prod',
    region: 'us-east-1',
    name: 'worker-4',
    type: 'c5.xlarge',
    tags: { Role: 'worker' },
    maintenance: { rebootMigration: 'disabled' },
    events: (now) => [
      {
        Code: 'system-reboot',
        Description: 'scheduled reboot',
        NotBefore: iso(now, 4 * D),
        NotAfter: iso(now, 4 * D + 2 * H),
      },
    ],
  },
  { account: 'prod', region: 'us-east-1', name: 'worker-3', type: 'c5.xlarge', tags: { Role: 'worker' } },
  { account: 'prod', region: 'us-east-1', name: 'cache-1', type: 'i3.large', tags: { Role: 'cache' } },
  {
    account: 'prod',
    region: 'us-east-1',
    name: 'scratch-1',
    type: 'i3.large',
    rootDeviceType: 'instance-store',
    tags: { Role: 'scratch' },
    events: (now) => [
      {
        Code: 'instance-retirement',
        Description: 'The instance is running on degraded hardware',
        NotBefore: iso(now, 6 * D),
        NotBeforeDeadline: iso(now, 9 * D),
      },
    ],
  },
  {
    account: 'prod',
    region: 'us-east-1',
    name: 'batch-spot',
    type: 'm5.large',
    spot: true,
    tags: { Role: 'batch' },
    events: (now) => [
      {
        Code: 'system-maintenance',
        Description: 'Network maintenance',
        NotBefore: iso(now, 2 * D + 6 * H),
        NotAfter: iso(now, 2 * D + 8 * H),
      },
    ],
  },
  {
    account: 'prod',
    region: 'us-east-1',
    name: 'db-replica',
    type: 'r5.large',
    tags: { Role: 'db' },
    status: { ebs: 'impaired' },
    volumeStatus: {
      status: 'impaired',
      events: ['Awaiting Action: Enable IO'],
      actions: ['enable-volume-io'],
    },
  },
  {
    account: 'prod',
    region: 'us-east-1',
    name: 'new-1',
    type: 't3.micro',
    tags: { Role: 'web' },
    status: { system: 'insufficient-data', instance: 'insufficient-data' },
  },
  {
    account: 'prod',
    region: 'us-east-1',
    name: 'batch-asg',
    type: 'm5.large',
    asg: 'prod-batch-asg',
    tags: { Role: 'batch' },
  },
  {
    account: 'prod',
    region: 'us-east-1',
    name: 'bastion',
    type: 't3.micro',
    eip: true,
    tags: { Role: 'bastion' },
  },
  { account: 'prod', region: 'us-east-1', name: 'reports', type: 't2.large', tags: { Role: 'reports' } },
  {
    account: 'prod',
    region: 'eu-west-1',
    name: 'eu-web-1',
    type: 'm5.large',
    tags: web,
    events: (now) => [
      {
        Code: 'instance-reboot',
        Description: 'scheduled reboot',
        NotBefore: iso(now, 7 * D),
        NotAfter: iso(now, 7 * D + 2 * H),
        NotBeforeDeadline: iso(now, 14 * D),
      },
    ],
  },
  { account: 'prod', region: 'eu-west-1', name: 'eu-web-2', type: 'm5.large', tags: web },
  { account: 'prod', region: 'eu-west-1', name: 'eu-api-1', type: 'm4.xlarge', eip: true, tags: app },
  { account: 'prod', region: 'eu-west-1', name: 'eu-worker-1', type: 'c5.large', tags: { Role: 'worker' } },
  { account: 'prod', region: 'eu-west-1', name: 'eu-legacy', type: 'm3.medium', tags: { Role: 'legacy' } },
  {
    account: 'prod',
    region: 'eu-west-1',
    name: 'eu-db',
    type: 'r4.large',
    tags: { Role: 'db', Backup: 'daily' },
    snapshotDays: 5,
  },
  { account: 'staging', region: 'us-east-1', name: 'stg-web-1', type: 't2.small', tags: web },
  { account: 'staging', region: 'us-east-1', name: 'stg-web-2', type: 't3.small', tags: web },
  { account: 'staging', region: 'us-east-1', name: 'stg-api', type: 'm4.large', tags: app },
  {
    account: 'staging',
    region: 'us-east-1',
    name: 'stg-worker',
    type: 'c4.large',
    tags: { Role: 'worker' },
    events: (now) => [
      {
        Code: 'instance-retirement',
        Description: 'The instance is running on degraded hardware',
        NotBefore: iso(now, 10 * D),
      },
    ],
  },
  {
    account: 'staging',
    region: 'us-east-1',
    name: 'stg-ci-runner',
    type: 'c5.xlarge',
    asg: 'staging-ci-asg',
    tags: { Role: 'ci' },
  },
  {
    account: 'staging',
    region: 'us-east-1',
    name: '<!channel> ping test',
    type: 't3.micro',
    tags: { Role: 'test' },
  },
  { account: 'staging', region: 'eu-west-1', name: 'stg-eu-web', type: 't2.micro', tags: web },
  { account: 'staging', region: 'eu-west-1', name: 'stg-eu-api', type: 'm5.large', tags: app },
  {
    account: 'staging',
    region: 'eu-west-1',
    name: 'stg-eu-batch',
    type: 'c4.large',
    tags: { Role: 'batch' },
  },
  {
    account: 'staging',
    region: 'eu-west-1',
    name: 'stg-eu-cache',
    type: 't3.small',
    tags: { Role: 'cache' },
  },
];

/** A seeded instance as the console's alert menu and the tests see it. */
export interface FleetInstance {
  account: DemoAccount;
  accountId: string;
  region: string;
  id: string;
  name: string;
  type: string;
  /** Codes of its open scheduled events (history, `[Completed] …`, left out). */
  events: string[];
}

export const accountIdOf = (a: DemoAccount): string => ACCOUNT_IDS[a];
