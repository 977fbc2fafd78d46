import { eventButtons } from '../../src/domain/eventAdvice';
import type { InstanceInfo } from '../../src/domain/instance';
import { eventConfirm, opConfirm } from '../../src/domain/opConfirm';
import { checkActions } from '../../src/domain/statusChecks';
import { CATALOG } from '../../src/ops/catalog';
import { type EventRow, type EventsReport, eventsMessages, planEvents } from '../../src/views/events';
import { planStatus, type StatusReport, type StatusRow, statusMessages } from '../../src/views/status';
import { expectGolden } from '../helpers/golden';
import { anInstance } from '../helpers/instance';

/**
 * The `/ec2 events` and `/ec2 status` answers users read, as golden JSON (test/fixtures/views/): one row
 * per event code and per check, each with the instance facts that change its advice and buttons.
 */

const NOW = new Date('2026-11-21T12:00:00Z');
const at = (hours: number): string => new Date(NOW.getTime() + hours * 3_600_000).toISOString();
let n = 0;
const inst = (name: string, o: Partial<InstanceInfo> = {}): InstanceInfo =>
  anInstance({ id: `i-${String(++n).padStart(17, '0')}`, name, ...o });

const eventRow = (
  code: string,
  instance: InstanceInfo,
  o: { start?: number; deadline?: number; description?: string; instanceStore?: boolean } = {},
): EventRow => ({
  event: {
    account: 'prod',
    region: instance.region,
    instanceId: instance.id,
    code,
    eventId: `instance-event-${instance.id.slice(-4)}`,
    description: o.description,
    notBefore: at(o.start ?? 72),
    notAfter: at((o.start ?? 72) + 2),
    notBeforeDeadline: o.deadline === undefined ? undefined : at(o.deadline),
    sources: ['ec2'],
  },
  instance,
  instanceStore: o.instanceStore ?? false,
  rebootMigrationSupported: instance.rootDeviceType === 'ebs',
});

describe('golden views', () => {
  it('/ec2 events: every event code with its advice, notes and buttons', () => {
    const migrate = { rebootMigration: 'default' };
    const rows = [
      eventRow('instance-reboot', inst('web-1', { hasElasticIp: true, publicIp: '198.51.100.1' }), {
        start: 38.4,
        deadline: 24 * 14,
      }),
      eventRow('instance-reboot', inst('web-2'), { start: 0.06, deadline: 24 * 14 }),
      eventRow('system-reboot', inst('worker-1', { maintenance: migrate, publicIp: '203.0.113.7' }), {
        start: 50,
        deadline: 24 * 10,
        instanceStore: true,
      }),
      eventRow('system-reboot', inst('worker-2', { maintenance: { rebootMigration: 'disabled' } }), {
        start: 60,
      }),
      eventRow('system-maintenance', inst('db-1'), { start: 100, description: 'Network maintenance' }),
      eventRow(
        'instance-stop',
        inst('api-1', {
          publicIp: '203.0.113.8',
          autoScalingGroup: 'api-asg',
          spot: true,
          spotType: 'persistent',
        }),
        {
          start: 120,
        },
      ),
      eventRow(
        'instance-retirement',
        inst('cache-1', { rootDeviceType: 'instance-store', type: 'i3.large' }),
        {
          start: 240,
          deadline: 24 * 20,
          instanceStore: true,
        },
      ),
    ];
    const report: EventsReport = {
      target: 'prod',
      checked: [{ account: 'prod', regions: ['us-east-1'] }],
      rows,
      notices: [],
      failures: [],
      healthUnavailable: ['prod'],
      now: NOW,
    };
    const messages = eventsMessages(report, planEvents(report), (r) =>
      eventButtons(r.event, r, NOW).map((b) => ({
        label: b.label,
        value: `ref-${b.op}`,
        style: b.style,
        confirm: eventConfirm(CATALOG[b.op], b.label, r, r.event.instanceId),
      })),
    );
    expect(JSON.stringify(messages)).not.toMatch(/\d{4}-\d\d-\d\dT\d\d:/); // no raw ISO time anywhere
    expectGolden('events', messages);
  });

  it('/ec2 status: the three checks, automatic recovery per instance, no data yet apart', () => {
    const row = (
      name: string,
      checks: { system?: string; instance?: string; ebs?: string },
      o: Partial<InstanceInfo> = {},
      extra: Partial<StatusRow> = {},
    ): StatusRow => {
      const instance = inst(name, o);
      return {
        checks: {
          account: 'prod',
          region: 'us-east-1',
          instanceId: instance.id,
          state: 'running',
          system: checks.system ?? 'ok',
          instance: checks.instance ?? 'ok',
          ebs: checks.ebs ?? 'ok',
        },
        instance,
        facts: { autoRecovery: true, instanceStore: false },
        ...extra,
      };
    };
    const report: StatusReport = {
      target: 'prod',
      checked: [{ account: 'prod', regions: ['us-east-1'] }],
      rows: [
        row(
          'host-1',
          { system: 'impaired' },
          { publicIp: '203.0.113.1', maintenance: { autoRecovery: 'default' } },
        ),
        row(
          'host-2',
          { system: 'impaired' },
          { spot: true, spotType: 'persistent', publicIp: '203.0.113.2' },
        ),
        row(
          'db-1',
          { ebs: 'impaired' },
          {},
          {
            volumes: [
              {
                volumeId: 'vol-0aaa',
                device: '/dev/xvdf',
                status: 'impaired',
                ioEnabled: 'failed',
                events: ['Awaiting Action: Enable IO'],
                actions: ['enable-volume-io'],
              },
            ],
          },
        ),
        row('app-1', { instance: 'impaired' }),
      ],
      noData: [row('new-1', { instance: 'insufficient-data' })],
      failures: [],
    };
    const plan = planStatus(report, 5);
    const messages = statusMessages(report, plan, (r) =>
      checkActions(r.checks, r.instance).map((a) => ({
        label: a.label,
        value: `ref-${a.op}`,
        confirm: opConfirm(
          CATALOG[a.op],
          r.instance,
          r.checks.instanceId,
          { instanceStore: r.facts?.instanceStore },
          { label: a.label },
        ),
      })),
    );
    expectGolden('status', messages);
  });
});
