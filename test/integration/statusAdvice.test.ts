import type { EC2Client } from '@aws-sdk/client-ec2';
import type { ServiceClient } from '../../src/aws/clients';
import type { OpRef } from '../../src/domain/opRef';
import { startTestBot, type TestBot } from '../helpers/bot';
import type { SlackCall } from '../helpers/fakeSlack';
import { type Moto, startMoto, useMotoEnv } from '../helpers/moto';

/**
 * `/ec2 status` with EC2's three checks (issue 13, points 7-9), through the real bot on moto: the
 * launcher adds AttachedEbsStatus, MaintenanceOptions and DescribeVolumeStatus, which moto lacks.
 * One injected fault: a region whose EC2 calls answer UnauthorizedOperation (moto enforces no IAM).
 */

const PROD = '111111111111';
let moto: Moto;
let bot: TestBot;
let denied: string | undefined;
const ids: Record<string, string> = {};

function denyRegion(client: ServiceClient, key: { account: string; region: string; service: string }): void {
  if (key.service !== 'ec2') return;
  (client as EC2Client).middlewareStack.add(
    (next) => async (args) => {
      if (denied === `${key.account}/${key.region}`)
        throw Object.assign(new Error('not authorized'), { name: 'UnauthorizedOperation', $metadata: {} });
      return next(args);
    },
    { step: 'initialize', name: 'testDenyRegion' },
  );
}

beforeAll(async () => {
  moto = await startMoto();
  useMotoEnv(moto);
  bot = await startTestBot({ name: 'status-advice', aws: { onClient: denyRegion } });
  const launch = async (name: string, type: string) => {
    [ids[name]] = (await moto.launch(PROD, 'us-east-1', { name, type })) as [string];
  };
  await launch('host-ar', 'm5.large');
  await launch('host-off', 'm5.large');
  await launch('host-store', 'i3.large');
  await launch('ebs-io', 'm5.large');
  await launch('fresh', 'm5.large');
  await launch('os', 't3.micro');
  for (const n of ['host-ar', 'host-off', 'host-store'])
    await moto.setStatus(PROD, 'us-east-1', ids[n]!, { system: 'impaired', instance: 'impaired' });
  await moto.patchInstance(PROD, 'us-east-1', ids['host-off']!, { autoRecovery: 'disabled' });
  await moto.setStatus(PROD, 'us-east-1', ids['ebs-io']!, { ebs: 'impaired' });
  await moto.setVolumeStatus(
    PROD,
    'us-east-1',
    { instanceId: ids['ebs-io'] },
    { status: 'impaired', events: ['Awaiting Action: Enable IO'], actions: ['enable-volume-io'] },
  );
  await moto.setStatus(PROD, 'us-east-1', ids.fresh!, {
    system: 'insufficient-data',
    instance: 'insufficient-data',
  });
  await moto.setStatus(PROD, 'us-east-1', ids.os!, { instance: 'impaired' });
}, 120_000);
afterAll(async () => {
  await bot?.close();
  await moto?.stop();
});
beforeEach(() => {
  denied = undefined;
  bot.slack.clear();
});

async function statusAnswer(args: string): Promise<SlackCall> {
  const res = await bot.command(`status ${args}`);
  const id = res.responseUrl.split('/').pop();
  return bot.slack.waitFor((calls) => calls.find((c) => c.method === 'response_url' && c.responseId === id));
}
const sections = (c: SlackCall): string[] =>
  (c.body.blocks as any[]).filter((b) => b.type === 'section').map((b) => b.text.text as string);
/** The buttons right after the section that names `instanceId`. */
function buttonsAfter(c: SlackCall, instanceId: string): any[] {
  const blocks = c.body.blocks as any[];
  const n = blocks.findIndex((b) => b.type === 'section' && b.text.text.includes(instanceId));
  return blocks[n + 1]?.type === 'actions' ? blocks[n + 1].elements : [];
}

describe('/ec2 status: three checks and what applies to each instance', () => {
  let answer: SlackCall;
  let text: string[];
  beforeAll(async () => {
    denied = undefined;
    answer = await statusAnswer('prod us-east-1');
    text = sections(answer);
  });
  const row = (name: string) => text.find((t) => t.includes(ids[name]!))!;

  it('groups host, attached-EBS and OS failures; no data yet is apart, never failing, never a button', () => {
    const order = [
      'System status check failing',
      'Attached EBS status check failing',
      'Instance status check failing',
    ];
    const at = order.map((t) => text.findIndex((x) => x.startsWith(`*${t}*`)));
    expect(at.every((x, n) => x > 0 && (n === 0 || x > at[n - 1]!))).toBe(true);
    expect(text[0]).toContain('5 instances');
    const fresh = text.find((t) => t.includes(ids.fresh!))!;
    expect(fresh).toContain('No data yet (insufficient-data — not a failure) on 1 instance');
    expect(text.findIndex((t) => t.includes(ids.fresh!))).toBeLessThan(at[0]!);
    expect(buttonsAfter(answer, ids.fresh!)).toEqual([]);
  });

  it('says which recovery applies: AWS’s own (keeps the public IP) or a stop/start, and why', async () => {
    expect(row('host-ar')).toContain(
      'AWS recovers it by itself: simplified automatic recovery is on (the default)',
    );
    expect(row('host-ar')).toContain('keeps its public IP');
    expect(row('host-ar')).toContain(
      'if it does not come back: Recover (stop + start) moves it, but: public IP',
    );
    expect(row('host-off')).toContain(
      'AWS will not recover it by itself: simplified automatic recovery is disabled on this instance',
    );
    expect(row('host-store')).toContain('i3.large does not support simplified automatic recovery');
    expect(row('host-store')).toContain('instance-store data is lost');
    const recover = buttonsAfter(answer, ids['host-ar']!);
    expect(recover.map((b) => b.text.text)).toEqual(['Recover']);
    expect(await bot.deps.refs.get<OpRef>(recover[0].value)).toMatchObject({
      op: 'recover',
      instanceId: ids['host-ar'],
    });
  });

  it('an attached-EBS failure advises on the impaired volume, from its own status, with no Recover button', () => {
    const ebs = row('ebs-io');
    expect(ebs).toContain('Attached EBS: :red_circle: impaired');
    expect(ebs).toMatch(/vol-[0-9a-f]+ \(\/dev\/sda1\) impaired: EBS disabled its I\/O/);
    expect(ebs).toContain('enable I/O (EnableVolumeIO), then check the file system');
    expect(ebs).toContain('autoEnableIO');
    expect(buttonsAfter(answer, ids['ebs-io']!)).toEqual([]);
    const header = text.find((t) => t.startsWith('*Attached EBS status check failing*'))!;
    expect(header).toContain('wait for AWS, replace the volume, or stop and start the instance');
  });

  it('an OS failure keeps its Reboot button', () => {
    expect(buttonsAfter(answer, ids.os!).map((b) => b.text.text)).toEqual(['Reboot']);
  });
});

it('never says "all pass" while a region did not answer', async () => {
  denied = 'prod/eu-west-1';
  const answer = await statusAnswer('prod');
  const [head] = sections(answer);
  expect(head).toContain('— 1 part of the scan did not answer: results are partial');
  expect(sections(answer).join('\n')).toContain('*prod/eu-west-1* EC2 status checks: access denied');
  denied = 'prod/us-east-1';
  const none = await statusAnswer('prod us-east-1');
  expect(none.body.text).toBe(
    'No failing status checks in the part that answered of prod (us-east-1 not searched: refused) — 1 part of the scan did not answer: results are partial.',
  );
  denied = undefined;
});
