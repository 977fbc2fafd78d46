import type { GroupMember } from '../../src/aws/autoScaling';
import { maintenanceSchema } from '../../src/config/maintenanceSchema';
import type { Deps } from '../../src/deps';
import { runWatch } from '../../src/maintenance/watch';
import { STANDBY_LEAD_MS } from '../../src/planner/choices';
import { planMaintenance } from '../../src/planner/plan';
import type { PlanRecord } from '../../src/planner/record';
import { watchesOf, watchFrom } from '../../src/planner/stages';
import { anInstance } from '../helpers/instance';

/**
 * The watch of an Auto Scaling member AWS stops (mode standby), with fakes for AWS, the plan store and the
 * queue: it puts the member in standby at the plan's standby time (with decrement unless the group is at
 * its minimum), never twice, and returns it to service when AWS does not act, when the event goes away
 * without a stop and when the plan is cancelled. The run with AWS's stop and the start after it is
 * test/integration/maintenanceSafety.test.ts (moto).
 */

const MIN = 60_000;
const NOW = new Date('2026-11-30T23:50:00Z');
const ID = 'i-0aaaaaaaaaaaaaaa1';

function planned() {
  const plan = planMaintenance({
    rows: [
      {
        event: {
          account: 'prod',
          region: 'us-east-1',
          instanceId: ID,
          sources: ['ec2'],
          code: 'instance-stop',
          notBefore: '2026-12-01T02:30:00Z',
          notAfter: '2026-12-01T03:30:00Z',
          eventId: 'instance-event-0w1',
          notBeforeDeadline: '2026-12-08T00:00:00Z',
        },
        instance: anInstance({ id: ID, autoScalingGroup: 'web' }),
        instanceStore: false,
      },
    ],
    config: () => maintenanceSchema.parse({ windows: ['Tue 02:00-05:00'] }),
    now: NOW,
    days: 7,
  });
  const [item] = watchesOf(plan);
  return { plan, item: item! };
}

interface World {
  now: number;
  lifecycle: string;
  group: { min: number; desired: number };
  ec2: { state: string; open: boolean };
  calls: string[];
  posts: string[];
  looks: number[];
  record: PlanRecord;
}

function world(o: { min?: number; state?: PlanRecord['state'] } = {}): { w: World; deps: Deps } {
  const { plan, item } = planned();
  const w: World = {
    now: Date.parse(item.standby!.at),
    lifecycle: 'InService',
    group: { min: o.min ?? 1, desired: 3 },
    ec2: { state: 'running', open: true },
    calls: [],
    posts: [],
    looks: [],
    record: {
      id: 'mplan-w1',
      plan,
      state: o.state ?? 'approved',
      watches: { [item.key]: 'watching' },
      items: {},
      correlationId: 'c-1',
    } as unknown as PlanRecord,
  };
  const member = (): GroupMember => ({
    instanceId: ID,
    group: 'web',
    lifecycle: w.lifecycle,
    health: 'HEALTHY',
  });
  const deps = {
    now: () => new Date(w.now),
    tuning: { pollMs: 1000 },
    log: { warn: () => {}, info: () => {} },
    config: { accounts: { get: (a: string) => (a === 'prod' ? { alias: 'prod' } : undefined) } },
    stores: {
      plans: {
        get: async () => w.record,
        update: async (_id: string, f: (r: PlanRecord) => PlanRecord | undefined) => {
          w.record = f(w.record) ?? w.record;
          return w.record;
        },
      },
    },
    queues: { enqueue: async (_n: string, _d: unknown, opts: { delay: number }) => w.looks.push(opts.delay) },
    ec2Port: () => ({
      statusChecks: async () => ({
        state: w.ec2.state,
        system: 'ok',
        instance: 'ok',
        ebs: 'ok',
        events: w.ec2.open ? [{ id: 'instance-event-0w1', code: 'instance-stop' }] : [],
      }),
    }),
    asgPort: () => ({
      member: async () => member(),
      group: async () => ({ name: 'web', max: 6, ...w.group, members: [] }),
      enterStandby: async (g: string, id: string, decrement: boolean) => {
        w.calls.push(`EnterStandby ${g} ${id} decrement=${decrement}`);
        w.lifecycle = 'Standby';
        if (decrement) w.group.desired--;
      },
      exitStandby: async (g: string, id: string) => {
        w.calls.push(`ExitStandby ${g} ${id}`);
        w.lifecycle = 'InService';
        w.group.desired++;
      },
    }),
  } as unknown as Deps;
  return { w, deps };
}

const look = (deps: Deps, w: World, key: string) =>
  runWatch(
    deps,
    { planId: w.record.id, attempt: 0, watch: key },
    async (_r, text) => w.posts.push(text),
    async () => {
      throw new Error('no start: AWS did not stop it');
    },
  );

describe("standby before AWS's stop", () => {
  it('the first look is at the standby time, a lead before AWS (moved or kept) time', () => {
    const { item } = planned();
    expect(item).toMatchObject({ action: 'aws', afterStop: 'start', at: '2026-12-01T02:30:00.000Z' });
    expect(watchFrom(item)).toBe(Date.parse('2026-12-01T02:30:00Z') - STANDBY_LEAD_MS);
  });

  it('AWS does not act: the member the bot put in standby is returned to service', async () => {
    const { item } = planned();
    const { w, deps } = world();
    await look(deps, w, item.key);
    expect(w.calls).toEqual([`EnterStandby web ${ID} decrement=true`]);
    expect(w.record.watches?.[item.key]).toBe('standby');
    expect(w.group.desired).toBe(2);
    expect(w.posts.join('\n')).toMatch(/entered standby in Auto Scaling group web before AWS's stop/);
    expect(w.looks).toEqual([STANDBY_LEAD_MS]); // the next look at AWS's time
    // a look again (a retry, a restart) never enters twice
    w.now += 5 * MIN;
    await look(deps, w, item.key);
    expect(w.calls).toHaveLength(1);
    // AWS's window and the grace after it pass with the event still open and the instance running
    w.now = Date.parse(item.awsUntil!) + 61 * MIN;
    await look(deps, w, item.key);
    expect(w.calls).toEqual([`EnterStandby web ${ID} decrement=true`, `ExitStandby web ${ID}`]);
    expect(w.lifecycle).toBe('InService');
    expect(w.group.desired).toBe(3);
    expect(w.record.watches?.[item.key]).toBe('not-cleared');
    expect(w.posts.at(-1)).toMatch(/AWS did not act .*returned to service in web; plan it again/);
  });

  it('at its minimum the group is not decremented; the event gone without a stop returns it too', async () => {
    const { item } = planned();
    const { w, deps } = world({ min: 3 });
    await look(deps, w, item.key);
    expect(w.calls).toEqual([`EnterStandby web ${ID} decrement=false`]);
    w.ec2.open = false;
    w.now += 15 * MIN;
    await look(deps, w, item.key);
    expect(w.calls.at(-1)).toBe(`ExitStandby web ${ID}`);
    expect(w.record.watches?.[item.key]).toBe('done');
    expect(w.posts.at(-1)).toMatch(/AWS's event is gone and it is running: .*returned to service in web/);
  });

  it('a plan cancelled while the member is in standby returns it; one not in service is not claimed', async () => {
    const { item } = planned();
    const { w, deps } = world();
    await look(deps, w, item.key);
    w.record = { ...w.record, state: 'cancelled' };
    await look(deps, w, item.key);
    expect(w.calls.at(-1)).toBe(`ExitStandby web ${ID}`);
    expect(w.posts.at(-1)).toMatch(/cancelled before AWS acted: returned to service in web/);
    // already in standby (someone else's): not entered, not marked as the bot's
    const other = world();
    other.w.lifecycle = 'Standby';
    await look(other.deps, other.w, item.key);
    expect(other.w.calls).toEqual([]);
    expect(other.w.record.watches?.[item.key]).toBe('watching');
  });
});
