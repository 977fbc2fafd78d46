import { type _InstanceType, RunInstancesCommand } from '@aws-sdk/client-ec2';
import type { OpRef } from '../../src/domain/opRef';
import { type Bed, startBed } from '../helpers/bed';
import type { TestBot } from '../helpers/bot';
import { FakeHealth } from '../helpers/fakeHealth';
import type { SlackCall } from '../helpers/fakeSlack';
import type { InjectedEvent, Moto } from '../helpers/moto';
import { buttonPayload, elementsOf, textOf } from '../helpers/ops';

/**
 * `/ec2 events` as EC2 works today (issue 13, points 1-6), through the real bot: signed requests, the
 * worker on real Redis, moto with the launcher's MaintenanceOptions / RootDeviceType / events, fake Slack.
 * AWS Health is the fake that answers SubscriptionRequiredException (as without a support plan).
 */

const PROD = '111111111111';
const MIN = 60_000;
const DAY = 24 * 60 * MIN;
const at = (ms: number): string => new Date(Date.now() + ms).toISOString();

let moto: Moto;
let bot: TestBot;
let bed: Bed | undefined;
const health = new FakeHealth();
const ids: Record<string, string> = {};

async function launch(name: string, type = 'm5.large', spot = false): Promise<string> {
  const ec2 = await moto.ec2(PROD, 'us-east-1');
  const out = await ec2.send(
    new RunInstancesCommand({
      ImageId: 'ami-12c6146b',
      InstanceType: type as _InstanceType,
      MinCount: 1,
      MaxCount: 1,
      ...(spot ? { InstanceMarketOptions: { MarketType: 'spot' } } : {}),
      TagSpecifications: [{ ResourceType: 'instance', Tags: [{ Key: 'Name', Value: name }] }],
    }),
  );
  ids[name] = out.Instances![0]!.InstanceId!;
  return ids[name]!;
}
const inject = (name: string, events: InjectedEvent[]) =>
  moto.injectEvents(PROD, 'us-east-1', ids[name]!, events);

beforeAll(async () => {
  health.set('prod', { subscriptionRequired: true, events: [] });
  bed = await startBed({ name: 'event-advice', health });
  ({ moto, bot } = bed);
  await launch('rb');
  await inject('rb', [
    {
      Code: 'instance-reboot',
      InstanceEventId: 'instance-event-0rb000001',
      NotBefore: at(2 * DAY),
      NotBeforeDeadline: at(7 * DAY),
    },
  ]);
  await launch('rb-soon');
  await inject('rb-soon', [
    {
      Code: 'instance-reboot',
      InstanceEventId: 'instance-event-0rb000002',
      NotBefore: at(4 * MIN),
      NotBeforeDeadline: at(7 * DAY),
    },
  ]);
  await launch('sr-mig'); // moto's m5.large supports reboot migration: MaintenanceOptions.RebootMigration = default
  await inject('sr-mig', [{ Code: 'system-reboot', NotBefore: at(3 * DAY) }]);
  await launch('sr-off');
  await moto.patchInstance(PROD, 'us-east-1', ids['sr-off']!, { rebootMigration: 'disabled' });
  await inject('sr-off', [{ Code: 'system-reboot', NotBefore: at(3 * DAY) }]);
  await launch('maint');
  await inject('maint', [
    { Code: 'system-maintenance', Description: 'Network maintenance', NotBefore: at(4 * DAY) },
  ]);
  await launch('stop');
  await inject('stop', [{ Code: 'instance-stop', NotBefore: at(5 * DAY) }]);
  await launch('store', 'i3.large');
  await moto.patchInstance(PROD, 'us-east-1', ids.store!, { rootDeviceType: 'instance-store' });
  await inject('store', [
    {
      Code: 'instance-retirement',
      InstanceEventId: 'instance-event-0st000001',
      NotBefore: at(6 * DAY),
      NotBeforeDeadline: at(9 * DAY),
    },
  ]);
  await launch('spot', 'm5.large', true);
  await inject('spot', [{ Code: 'instance-stop', NotBefore: at(5.5 * DAY) }]);
}, 120_000);
afterAll(async () => {
  await bed?.close();
});

interface Row {
  text: string;
  buttons: { label: string; style?: string; value: string; action_id: string }[];
}

/** `/ec2 events prod us-east-1`: every section with the buttons of the actions block after it. */
async function eventsAnswer(): Promise<{ call: SlackCall; rows: Map<string, Row>; headers: string[] }> {
  const res = await bot.command('events prod us-east-1');
  const id = res.responseUrl.split('/').pop();
  const call = await bot.slack.waitFor((calls) =>
    calls.find((c) => c.method === 'response_url' && c.responseId === id),
  );
  const rows = new Map<string, Row>();
  const headers: string[] = [];
  const blocks = call.body.blocks as any[];
  blocks.forEach((b, n) => {
    if (b.type !== 'section') return;
    const text = b.text.text as string;
    const name = Object.keys(ids).find((k) => text.includes(ids[k]!));
    if (!name) {
      headers.push(text);
      return;
    }
    const next = blocks[n + 1];
    const buttons =
      next?.type === 'actions' ? next.elements.map((e: any) => ({ ...e, label: e.text.text })) : [];
    rows.set(name, { text, buttons });
  });
  return { call, rows, headers };
}
const labels = (r: Row | undefined) => r?.buttons.map((b) => b.label);

describe('/ec2 events advice per event code and instance', () => {
  let answer: Awaited<ReturnType<typeof eventsAnswer>>;
  beforeAll(async () => {
    answer = await eventsAnswer();
  });

  it('instance-reboot: Reschedule is the primary action and no button promises the event clears', () => {
    const rb = answer.rows.get('rb')!;
    expect(rb.buttons.map((b) => [b.label, b.style])).toEqual([['Reschedule', 'primary']]);
    expect(JSON.stringify(answer.call.body)).not.toContain('"Reboot now"');
    const header = answer.headers.find((h) => h.includes('`instance-reboot`'))!;
    expect(header).toContain('Rebooting it yourself does not help');
    expect(header).toContain('the event stays open');
  });

  it('refuses to reschedule an event that starts within 5 minutes, and says why on its row', () => {
    const soon = answer.rows.get('rb-soon')!;
    expect(soon.buttons).toEqual([]);
    expect(soon.text).toContain('cannot be rescheduled: the event starts within 5 minutes');
  });

  it('system-reboot: Reboot now (reboot migration) where MaintenanceOptions allow it, else stop/start only', async () => {
    const mig = answer.rows.get('sr-mig')!;
    expect(labels(mig)).toEqual(['Reboot now (reboot migration)', 'Stop/Start now']);
    expect(mig.text).toContain(
      'reboot migration is enabled: Reboot now tries to move it to new hardware now',
    );
    const ref = await bot.deps.refs.get<OpRef>(mig.buttons[0]!.value);
    expect(ref).toMatchObject({ op: 'reboot', instanceId: ids['sr-mig'] });
    const off = answer.rows.get('sr-off')!;
    expect(labels(off)).toEqual(['Stop/Start now']);
    expect(off.text).toContain(
      'reboot migration is disabled on this instance: a reboot now stays in place and the event stays',
    );
    const header = answer.headers.find((h) => h.includes('`system-reboot`'))!;
    expect(header).toContain(
      'keeps its IP addresses, DNS name and instance-store data, so waiting for the window is fine',
    );
  });

  it('system-maintenance: network vs power, and stop/start for an EBS-backed instance', () => {
    const m = answer.rows.get('maint')!;
    expect(labels(m)).toEqual(['Stop/Start now']);
    expect(m.text).toContain('network maintenance: connectivity drops for a short time, no reboot');
    expect(answer.headers.find((h) => h.includes('`system-maintenance`'))).toContain('Power maintenance');
  });

  it('instance-stop: the instance stays stopped until someone starts it; a Spot instance is named', () => {
    const stop = answer.rows.get('stop')!;
    expect(stop.text).toContain('AWS stops it and it stays stopped until someone starts it');
    expect(labels(stop)).toEqual(['Stop/Start now', 'Back up (AMI)']);
    const spot = answer.rows.get('spot')!;
    expect(spot.text).toContain('· Spot');
    expect(spot.text).toContain('Spot instance: capacity may not come back after a stop');
  });

  it('instance-store retirement: terminated, no AMI backup offered, what to do instead', () => {
    const store = answer.rows.get('store')!;
    expect(store.text).toContain('instance-store root');
    expect(store.text).toContain('AWS will *terminate* it, and CreateImage cannot back it up');
    expect(store.text).toContain('launch a replacement from your latest AMI and copy the data off');
    expect(labels(store)).toEqual(['Reschedule']);
  });

  it('shows times as Slack date tokens (the reader’s time zone), never raw ISO strings', () => {
    const raw = JSON.stringify(answer.call.body.blocks);
    expect(raw).toMatch(/<!date\^\d+\^\{date_short_pretty\} \{time\}\|\d{4}-\d\d-\d\d \d\d:\d\d UTC>/);
    expect(raw).not.toMatch(/\d{4}-\d\d-\d\dT\d\d:\d\d/);
    expect(answer.rows.get('rb')!.text).toMatch(/\(in 1 day 23 h\)/);
  });
});

describe('pressing the buttons', () => {
  const press = (actionId: string, value: string | undefined, extra: { selectedDateTime?: number } = {}) =>
    bot.action(
      buttonPayload({
        actionId,
        value,
        user: 'U0ALICE',
        channel: 'C0CHANNEL',
        ts: '1790000000.000200',
        responseUrl: bot.slack.responseUrl(),
        ...extra,
      }),
    );

  it('Reboot now (reboot migration) asks for the reboot operation of exactly that instance', async () => {
    const { rows } = await eventsAnswer();
    const b = rows.get('sr-mig')!.buttons[0]!;
    bot.slack.clear();
    await press(b.action_id, b.value);
    const plan = await bot.slack.waitFor((calls) =>
      calls.find((c) => c.method === 'chat.postMessage' && String(c.body.text).startsWith('Reboot')),
    );
    expect(plan.body.text).toContain(ids['sr-mig']);
  });

  it('a reschedule picked after the event moved within 5 minutes of its start is refused, saying why', async () => {
    const { rows } = await eventsAnswer();
    const b = rows.get('rb')!.buttons[0]!;
    bot.slack.clear();
    await press(b.action_id, b.value);
    const picker = await bot.slack.waitFor((c) =>
      c.find(
        (x) => x.method === 'response_url' && elementsOf(x.body).some((e) => e.type === 'datetimepicker'),
      ),
    );
    const pick = elementsOf(picker.body).find((e) => e.type === 'datetimepicker')!;
    // Meanwhile AWS's window came within 5 minutes (the event is the same one, id and deadline unchanged).
    await inject('rb', [
      {
        Code: 'instance-reboot',
        InstanceEventId: 'instance-event-0rb000001',
        NotBefore: at(3 * MIN),
        NotBeforeDeadline: at(7 * DAY),
      },
    ]);
    await press(pick.action_id, undefined, { selectedDateTime: Math.floor((Date.now() + DAY) / 1000) });
    const refused = await bot.slack.waitFor((c) =>
      c.find((x) =>
        textOf(x.body).includes('starts within 5 minutes (or has started): AWS no longer lets it move'),
      ),
    );
    expect(textOf(refused.body)).toContain(ids.rb);
  }, 40_000);
});
