import { type EC2Client, RunInstancesCommand } from '@aws-sdk/client-ec2';
import type { OpRef } from '../../src/domain/opRef';
import { startTestBot, type TestBot } from '../helpers/bot';
import { type Moto, startMoto, useMotoEnv } from '../helpers/moto';

const STAGING = '222222222222';
const LINUX_HVM = 'ami-760aaa0f';
const LINUX_PV = 'ami-8104a4f8';
/** moto ships it as Windows_Server-2008-R2 (platform windows). */
const WINDOWS = 'ami-12c6146b';

let moto: Moto;
let bot: TestBot;
const ids: Record<string, string> = {};

async function launch(
  ec2: EC2Client,
  region: string,
  image: string,
  type: string,
  name: string,
  ena: boolean,
) {
  const out = await ec2.send(
    new RunInstancesCommand({
      ImageId: image,
      InstanceType: type as never,
      MinCount: 1,
      MaxCount: 1,
      TagSpecifications: [{ ResourceType: 'instance', Tags: [{ Key: 'Name', Value: name }] }],
    }),
  );
  const id = out.Instances![0]!.InstanceId!;
  await moto.setEna(STAGING, region, id, ena);
  ids[name] = id;
}

beforeAll(async () => {
  moto = await startMoto();
  useMotoEnv(moto);
  bot = await startTestBot({ name: 'nitro' });
  const east = await moto.ec2(STAGING, 'us-east-1');
  await launch(east, 'us-east-1', LINUX_HVM, 't2.micro', 'web-ready', true);
  await launch(east, 'us-east-1', LINUX_HVM, 'm4.large', 'api-noena', false);
  await launch(east, 'us-east-1', LINUX_PV, 't2.micro', 'old-pv', true);
  await launch(east, 'us-east-1', LINUX_HVM, 'm5.large', 'already-nitro', false);
  await launch(east, 'us-east-1', WINDOWS, 't2.micro', 'win-1', true);
  const eu = await moto.ec2(STAGING, 'eu-west-1');
  await launch(eu, 'eu-west-1', LINUX_HVM, 'c4.large', 'batch-eu', true);
});
afterAll(async () => {
  await bot?.close();
  await moto?.stop();
});

describe('/ec2 nitro', () => {
  it('lists Xen instances with a verified Nitro type, a verdict, counts and a Plan migration button', async () => {
    const res = await bot.command('nitro staging', { user: 'U0ALICE' });
    expect(res.body.text).toContain('Looking for instances on the Xen hypervisor in staging');
    const answer = await bot.slack.waitFor((calls) =>
      calls.find((c) => c.method === 'response_url' && c.responseId === res.responseUrl.split('/').pop()),
    );
    const text: string = answer.body.text;
    expect(text).toMatch(
      /\*web-ready \(i-[0-9a-f]+\)\* staging\/us-east-1 `t2.micro` → `t3.micro` — :white_check_mark: ready/,
    );
    // moto's instance-type table marks m5.large previous generation (CurrentGeneration false): the
    // suggestion is the next current-generation Nitro type of the same size and architecture.
    expect(text).toMatch(
      /api-noena .* `m4.large` → `m5a.large` — :warning: needs OS checks: m5a.large requires ENA/,
    );
    expect(text).toMatch(/old-pv .* — :no_entry: blocked: paravirtual \(PV\) AMI/);
    // m5 is Nitro (Hypervisor), whatever CurrentGeneration says: never a candidate
    expect(text).not.toContain('already-nitro');
    expect(text).toContain(
      '5 instances on the Xen hypervisor in staging (us-east-1, eu-west-1): 2 ready, 2 need OS checks, 1 blocked.',
    );
    // the checklist is per instance: NitroInstanceChecks for Linux, driver advice only for Windows
    const line = (name: string) => text.split('\n').find((l) => l.includes(name)) ?? '';
    expect(line('web-ready')).toContain('Linux: run NitroInstanceChecks first');
    expect(line('web-ready')).not.toContain('Windows');
    expect(line('win-1')).toContain('Windows: install the current AWS PV, ENA and NVMe drivers');
    expect(line('win-1')).not.toContain('NitroInstanceChecks');
    const blocks = answer.body.blocks as any[];
    expect(JSON.stringify(blocks)).toContain('staging/us-east-1 4 · staging/eu-west-1 1');
    const buttons = blocks.filter((b) => b.accessory?.type === 'button').map((b) => b.accessory);
    expect(buttons.map((b) => b.action_id).sort()).toEqual(['ec2.op#0', 'ec2.op#1']);
    const refs = await Promise.all(buttons.map((b) => bot.deps.refs.get<OpRef>(b.value)));
    const web = refs.find((r) => r?.instanceId === ids['web-ready']);
    expect(web).toMatchObject({
      kind: 'op',
      op: 'resize',
      account: 'staging',
      region: 'us-east-1',
      targetType: 't3.micro',
    });
    expect(web?.origin).toEqual({ kind: 'command' });
    const eu = refs.find((r) => r?.instanceId === ids['batch-eu']);
    expect(eu).toMatchObject({ region: 'eu-west-1', targetType: 'c5a.large' });
  });

  it('rejects an unknown account at once', async () => {
    const res = await bot.command('nitro nope');
    expect(res.body.text).toContain('Unknown account');
  });
});
