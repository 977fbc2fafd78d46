import {
  AllocateAddressCommand,
  AssociateAddressCommand,
  AuthorizeSecurityGroupIngressCommand,
  CreateSecurityGroupCommand,
  RunInstancesCommand,
} from '@aws-sdk/client-ec2';
import type { OpRef } from '../../src/domain/opRef';
import { startTestBot, type TestBot } from '../helpers/bot';
import type { SlackCall } from '../helpers/fakeSlack';
import { type Moto, startMoto, useMotoEnv } from '../helpers/moto';

const PROD = '111111111111';
const STAGING = '222222222222';

let moto: Moto;
let bot: TestBot;
const ids: Record<string, string | undefined> = {};

beforeAll(async () => {
  moto = await startMoto();
  useMotoEnv(moto);
  bot = await startTestBot({ name: 'readpath' });
  [ids.app] = await moto.launch(PROD, 'us-east-1', { name: 'app-1' });
  [ids.host] = await moto.launch(PROD, 'us-east-1', { name: 'host-1' });
  [ids.fine] = await moto.launch(PROD, 'us-east-1', { name: 'fine-1' });
  [ids.nodata] = await moto.launch(PROD, 'eu-west-1', { name: 'new-1' });
  await moto.setStatus(PROD, 'us-east-1', ids.app!, { instance: 'impaired' });
  await moto.setStatus(PROD, 'us-east-1', ids.host!, { system: 'impaired', instance: 'impaired' });
  await moto.setStatus(PROD, 'eu-west-1', ids.nodata!, { instance: 'insufficient-data' });
  const console = Array.from({ length: 30 }, (_, n) => `line ${n + 1}`);
  console[27] = 'Out of memory: Killed process 1234 (java) <!channel> ```';
  await moto.setConsole(PROD, 'us-east-1', ids.app!, `${console.join('\r\n')}\n\n`);
  for (let n = 1; n <= 12; n += 1)
    await moto.launch(STAGING, 'us-east-1', { name: `web-${String(n).padStart(2, '0')}` });
  await seedAudit();
  // Seeding launches instances in moto; on a loaded shared machine it can outlast the default 30 s.
}, 120_000);
afterAll(async () => {
  await bot?.close();
  await moto?.stop();
});
beforeEach(() => bot.slack.clear());

/** staging eu-west-1: an SG open to the world on 22, a Xen type, an instance holding an Elastic IP. */
async function seedAudit(): Promise<void> {
  const ec2 = await moto.ec2(STAGING, 'eu-west-1');
  const sg = await ec2.send(new CreateSecurityGroupCommand({ GroupName: 'ssh-world', Description: 'open' }));
  await ec2.send(
    new AuthorizeSecurityGroupIngressCommand({
      GroupId: sg.GroupId,
      IpPermissions: [
        { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0' }] },
        { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '0.0.0.0/0' }] },
      ],
    }),
  );
  const closed = await ec2.send(
    new CreateSecurityGroupCommand({ GroupName: 'https-only', Description: 'web' }),
  );
  await ec2.send(
    new AuthorizeSecurityGroupIngressCommand({
      GroupId: closed.GroupId,
      IpPermissions: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, Ipv6Ranges: [{ CidrIpv6: '::/0' }] }],
    }),
  );
  const run = async (name: string, type: string, groups: string[]) => {
    const out = await ec2.send(
      new RunInstancesCommand({
        ImageId: 'ami-12c6146b',
        InstanceType: type as never,
        MinCount: 1,
        MaxCount: 1,
        SecurityGroupIds: groups,
        TagSpecifications: [{ ResourceType: 'instance', Tags: [{ Key: 'Name', Value: name }] }],
      }),
    );
    return out.Instances![0]!.InstanceId!;
  };
  ids.bastion = await run('bastion', 't3.micro', [sg.GroupId!]);
  ids.legacy = await run('legacy-1', 'm4.large', [closed.GroupId!]);
  ids.eip = await run('eip-1', 't3.micro', [closed.GroupId!]);
  // moto's bundled instance-type table says CurrentGeneration false for m5: it is Nitro all the same
  ids.modern = await run('modern-1', 'm5.large', [closed.GroupId!]);
  const eip = await ec2.send(new AllocateAddressCommand({ Domain: 'vpc' }));
  await ec2.send(new AssociateAddressCommand({ AllocationId: eip.AllocationId, InstanceId: ids.eip }));
}

async function answers(responseUrl: string, count = 1): Promise<SlackCall[]> {
  const id = responseUrl.split('/').pop();
  return bot.slack.waitFor((calls) => {
    const got = calls.filter((c) => c.method === 'response_url' && c.responseId === id);
    return got.length >= count ? got : undefined;
  });
}
const texts = (c: SlackCall): string[] =>
  (c.body.blocks ?? []).filter((b: any) => b.type === 'section').map((b: any) => b.text.text as string);

describe('/ec2 status', () => {
  it('lists failing checks with meaning, a Recover or Reboot button, and the console tail as a follow-up', async () => {
    const res = await bot.command('status prod');
    expect(res.body.text).toBe('Checking status checks in prod: 2 regions…');
    const [main, consoleMsg] = await answers(res.responseUrl, 2);
    const t = texts(main!);
    expect(t[0]).toContain('2 instances');
    const sys = t.findIndex((x) => x.startsWith('*System status check failing*'));
    const os = t.findIndex((x) => x.startsWith('*Instance status check failing*'));
    expect(sys).toBeGreaterThan(0);
    expect(os).toBeGreaterThan(sys);
    expect(t[sys]).toContain('each row says whether AWS recovers it by itself');
    expect(t.find((x) => x.includes(ids.host!))).toContain('Recover (stop + start) moves it');
    // host-1 fails both checks: it is the host's problem, so it sits in the system group
    expect(t.findIndex((x) => x.includes(ids.host!))).toBeLessThan(os);
    expect(t.findIndex((x) => x.includes(ids.app!))).toBeGreaterThan(os);
    // insufficient-data is no data yet: named apart, before any failing group, with no button
    const nodata = t.findIndex((x) => x.includes(ids.nodata!));
    expect(t[nodata]).toContain('No data yet (insufficient-data — not a failure)');
    expect(nodata).toBeLessThan(sys);
    expect(JSON.stringify(main!.body)).not.toContain(ids.fine);
    const buttons = main!.body.blocks
      .filter((b: any) => b.type === 'actions')
      .flatMap((b: any) => b.elements);
    const refs = await Promise.all(buttons.map((b: any) => bot.deps.refs.get<OpRef>(b.value)));
    expect(refs.find((r) => r?.instanceId === ids.host)).toMatchObject({ op: 'recover', account: 'prod' });
    expect(refs.find((r) => r?.instanceId === ids.app)).toMatchObject({ op: 'reboot', region: 'us-east-1' });

    const consoleText = texts(consoleMsg!).find((x) => x.includes(ids.app!))!;
    expect(consoleText).toContain('last 20 console lines');
    expect(consoleText).toContain('line 30');
    expect(consoleText).toContain('line 11');
    expect(consoleText).not.toContain('line 10\n');
    expect(consoleText).not.toContain('\r');
    expect(consoleText).toContain("Out of memory: Killed process 1234 (java) &lt;!channel&gt; '''");
    expect(consoleText.match(/```/g)).toHaveLength(2);
    expect(consoleMsg!.body.replace_original).toBe(false);
  });

  it('says all checks pass when none fail', async () => {
    const res = await bot.command('status staging');
    const [main] = await answers(res.responseUrl);
    expect(main!.body.text).toBe('All status checks pass in staging (us-east-1, eu-west-1).');
  });
});

describe('/ec2 find', () => {
  it('finds by Name with a wildcard: first 10 in detail and a count of the rest', async () => {
    const res = await bot.command('find staging web-*');
    expect(res.body.text).toBe('Looking for `web-*` in staging…');
    const [main] = await answers(res.responseUrl);
    const t = texts(main!);
    expect(t[0]).toContain('*12 instances* match `web-*`');
    expect(t.filter((x) => x.startsWith('*web-'))).toHaveLength(10);
    expect(t.some((x) => x.startsWith('*web-11*'))).toBe(false);
    const last = main!.body.blocks.at(-1);
    expect(last.elements[0].text).toContain('2 more not shown');
  });

  it('finds by id, with type, state, checks and scheduled events', async () => {
    await moto.injectEvents(PROD, 'us-east-1', ids.fine!, [
      { Code: 'instance-stop', NotBefore: new Date(Date.now() + 3 * 86_400_000).toISOString() },
    ]);
    const res = await bot.command(`find prod ${ids.fine}`);
    const [main] = await answers(res.responseUrl);
    const row = texts(main!)
      .slice(1)
      .find((x) => x.includes(ids.fine!))!;
    expect(row).toContain('*fine-1*');
    expect(row).toContain('t3.micro · running · prod/us-east-1');
    expect(row).toContain('`instance-stop`');
    expect(row).toContain('Status checks: system ok');
  });

  it('finds a Name tag with spaces when it is quoted', async () => {
    const [id] = await moto.launch(PROD, 'eu-west-1', { name: 'db primary 1' });
    const res = await bot.command('find prod "db primary 1"');
    expect(res.body.text).toBe('Looking for `db primary 1` in prod…');
    const [main] = await answers(res.responseUrl);
    expect(texts(main!).some((x) => x.includes(id!) && x.includes('*db primary 1*'))).toBe(true);
  });

  it('says when nothing matches', async () => {
    const res = await bot.command('find prod nothing-like-this');
    const [main] = await answers(res.responseUrl);
    expect(main!.body.text).toContain(
      'No instance matches `nothing-like-this` in prod (us-east-1, eu-west-1).',
    );
  });
});

describe('/ec2 audit', () => {
  it('groups open SSH, public IPs without EIP, unencrypted roots and Xen types, with counts', async () => {
    const res = await bot.command('audit staging eu-west-1');
    expect(res.body.text).toBe('Auditing staging eu-west-1…');
    const [main] = await answers(res.responseUrl);
    const all = texts(main!).join('\n');
    const section = (title: string) => all.split('\n*').find((s) => s.startsWith(title)) ?? '';
    const open = section('Security groups open');
    expect(open).toMatch(/— 1\n/);
    expect(open).toContain('ssh-world');
    expect(open).toContain('opens 22 to the internet');
    expect(open).toContain(ids.bastion);
    expect(all).not.toContain('https-only');
    const pub = section('Public IP without an Elastic IP');
    expect(pub).toContain(ids.bastion);
    expect(pub).not.toContain(ids.eip);
    expect(section('Unencrypted root volumes')).toMatch(/— 4\n/);
    const legacy = section('Instance types on the Xen hypervisor');
    expect(legacy).toMatch(/— 1\n/);
    expect(legacy).toContain(ids.legacy);
    expect(legacy).toContain('Xen hypervisor');
    expect(legacy).not.toContain(ids.bastion);
    // Xen is decided by Hypervisor, never CurrentGeneration: the m5 is no candidate for Nitro
    expect(all).toContain(ids.modern); // it is in the answer (public IP, unencrypted root)…
    expect(legacy).not.toContain(ids.modern); // …but never as a Nitro candidate
    expect(all).not.toContain('previous generation');
  });
});
