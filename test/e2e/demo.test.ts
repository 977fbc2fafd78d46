import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { DescribeInstanceStatusCommand, DescribeInstancesCommand, EC2Client } from '@aws-sdk/client-ec2';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { type Browser, chromium, type Page } from 'playwright-core';
import type { FleetInstance } from '../../demo/fleet';
import { ACCOUNT_IDS } from '../../demo/people';
import { ErrorCode } from '../../src/errors/appError';
import { cleanPrefix, uniquePrefix } from '../helpers/redis';

/**
 * `npm run demo` end to end: the demo runs as a child process (what `npm run demo` runs, on free ports)
 * and headless Chromium drives its console page the way a person would. Nothing is mocked beyond what
 * the demo itself stands in for: Slack is the demo console (the thing under test), AWS is moto.
 *
 * The tour (events → Stop/Start now → approve as another user → thread "done" → moto changed) needs
 * issues 3 and 4. Until they are merged the bot answers `/ec2 events` with "not available yet"; the
 * tour test then asserts that the page shows that answer and stops there. After the merge the same
 * test runs the whole tour — no code change needed. The alert test is gated the same way on issue 5
 * (`POST /webhooks/aws` answering 404 until then).
 */

const ROOT = path.resolve(__dirname, '../..');
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
type SlackMode = 'http' | 'socket';
const screenshot = (mode: SlackMode, name = 'demo'): string =>
  path.join(ROOT, 'test-output', mode === 'http' ? `${name}.png` : `${name}-socket.png`);

jest.setTimeout(180_000);

interface Info {
  users: { id: string; name: string }[];
  fleet: FleetInstance[];
  motoUrl: string;
  slack: { mode: SlackMode; connections?: number; envelopes?: number };
}

let PREFIX = uniquePrefix('demo-e2e');
let SCREENSHOT = screenshot('http');
let HOME_SCREENSHOT = screenshot('http', 'demo-home');
let demo: ChildProcess;
let demoOut = '';
let url: string;
let info: Info;
let browser: Browser;
let page: Page;

function startDemo(mode: SlackMode): Promise<string> {
  demoOut = '';
  demo = spawn(
    path.join(ROOT, 'node_modules/.bin/tsx'),
    ['demo/main.ts', ...(mode === 'socket' ? ['--socket'] : [])],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        DEMO_PORT: '0',
        DEMO_BOT_PORT: '0',
        DEMO_REDIS_PREFIX: PREFIX,
        DEMO_SLACK_MODE: '',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`demo did not start in 120 s:\n${demoOut}`)), 120_000);
    const onData = (d: Buffer) => {
      demoOut += d.toString();
      const m = /demo is running — open (http:\/\/127\.0\.0\.1:\d+)/.exec(demoOut);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    demo.stdout?.on('data', onData);
    demo.stderr?.on('data', onData);
    demo.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`demo exited (${code}) before it was ready:\n${demoOut}`));
    });
  });
}

async function openDemo(mode: SlackMode): Promise<void> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM}: the demo e2e test needs it. Install it (Debian: apt-get update && apt-get install -y chromium — .ci/run does this) or set CHROMIUM_PATH.`,
    );
  }
  PREFIX = uniquePrefix(`demo-e2e-${mode}`);
  SCREENSHOT = screenshot(mode);
  HOME_SCREENSHOT = screenshot(mode, 'demo-home');
  url = await startDemo(mode);
  info = (await (await fetch(`${url}/ui/info`)).json()) as Info;
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  await page.goto(url);
  await page.waitForSelector('body[data-ready="true"]');
}

async function closeDemo(): Promise<void> {
  await browser?.close();
  if (demo && demo.exitCode === null) {
    demo.kill('SIGKILL');
    await new Promise((r) => demo.once('exit', r));
  }
  await cleanPrefix(PREFIX);
}

async function type(text: string): Promise<void> {
  await page.fill('[data-testid="composer"]', text);
  await page.press('[data-testid="composer"]', 'Enter');
}

const messages = () => page.locator('#messages [data-testid="message"]');

/** Waits until the channel shows a message containing every one of `parts`. */
async function seeMessage(parts: (string | RegExp)[], timeout = 30_000) {
  let loc = messages();
  for (const p of parts) loc = loc.filter({ hasText: p });
  await loc.first().waitFor({ timeout });
  return loc.first();
}

async function ec2In(account: string, region: string): Promise<EC2Client> {
  const creds = { accessKeyId: 'testing', secretAccessKey: 'testing' };
  const sts = new STSClient({ region, endpoint: info.motoUrl, credentials: creds });
  const out = await sts.send(
    new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${account}:role/e2e-check`, RoleSessionName: 'e2e' }),
  );
  sts.destroy();
  const c = out.Credentials!;
  return new EC2Client({
    region,
    endpoint: info.motoUrl,
    credentials: {
      accessKeyId: c.AccessKeyId!,
      secretAccessKey: c.SecretAccessKey!,
      sessionToken: c.SessionToken,
    },
  });
}

describe.each<SlackMode>(['http', 'socket'])('npm run demo in a browser — Slack over %s', (mode) => {
  beforeAll(() => openDemo(mode));
  afterAll(() => closeDemo());

  it('prints the console URL and the three-line tour', () => {
    expect(demoOut).toContain('/ec2 events prod');
    expect(demoOut).toContain('Stop/Start now');
    expect(demoOut).toMatch(/Approve/);
    expect(info.slack.mode).toBe(mode);
    if (mode === 'socket') {
      // the bot holds one WebSocket to the console and gets nothing over HTTP
      expect(info.slack.connections).toBe(1);
      expect(demoOut).toContain('Socket Mode');
    }
  });

  it('answers /ec2 help with the usage, visible only to the person who typed it', async () => {
    await type('/ec2 help');
    const answer = await seeMessage(['ec2-ops-bot', '/ec2 accounts', 'role check for every account']);
    await expect(answer.textContent()).resolves.toContain('Only visible to you');
  });

  it('answers /ec2 accounts through response_url: both simulated accounts reachable', async () => {
    await type('/ec2 accounts');
    await seeMessage(['Checking the role in 2 accounts']);
    await seeMessage([ACCOUNT_IDS.prod, ACCOUNT_IDS.staging, '2 of 2 accounts reachable']);
  });

  it('runs the tour: events → Stop/Start now → alice refused, bob approves → thread done → moto changed', async () => {
    const target = info.fleet.find((i) => i.events.includes('instance-stop') && i.account === 'prod');
    expect(target).toBeDefined();
    const i = target!;
    await type('/ec2 events prod');
    // Either the events answer with the row's button, or the bot's "not available yet" (issue 3 not merged).
    await messages()
      .filter({ hasText: /not available yet|Stop\/Start now/ })
      .first()
      .waitFor({ timeout: 60_000 });
    const notAvailable = messages()
      .filter({ hasText: '/ec2 events' })
      .filter({ hasText: 'not available yet' });
    const answered = (await notAvailable.count()) > 0 ? 'not-available' : 'events';
    if (answered === 'not-available') {
      // Issue 3 is not merged on this branch: the demo must show the bot's own answer, nothing else.
      console.info('demo e2e: /ec2 events is not available in this build — tour stops at the events step');
      await expect(notAvailable.first().textContent()).resolves.toContain('Only visible to you');
      await page.screenshot({ path: SCREENSHOT, fullPage: false });
      return;
    }
    await seeMessage([i.id, 'Stop/Start now'], 60_000);
    const row = page.locator(
      `xpath=//div[@id="messages"]//div[contains(@class,"bk-section")][contains(., "${i.id}")]/following-sibling::div[contains(@class,"bk-actions")][1]//button[normalize-space()="Stop/Start now"]`,
    );
    await row.first().click();
    await handleConfirm();
    const plan = await seeMessage([i.id, 'Approve'], 60_000);
    // The approval rules: alice (the requester, not an approver of prod) is refused.
    await plan.locator('button', { hasText: 'Approve' }).first().click();
    await handleConfirm();
    // in plain words, with the reference apart (no internal code)
    const refused = await seeMessage(['You are not an approver for prod', 'Only visible to you'], 30_000);
    expect((await refused.textContent()) ?? '').not.toContain(ErrorCode.Forbidden);
    await page.selectOption('[data-testid="user-switcher"]', 'U0BOB');
    // Bob's App Home: opening the tab sends a signed app_home_opened; the bot publishes (views.publish)
    // his Home, where alice's request waits on him.
    await page.click('[data-testid="home-tab"]');
    try {
      const home = page.locator('[data-testid="home-view"]');
      // the standing plan (demo watch: on) may add approvals of its own: alice's request is among them
      await home
        .filter({ hasText: /Approvals waiting on you \(\d+\)/ })
        .filter({ hasText: i.id })
        .waitFor({
          timeout: 60_000,
        });
      await expect(home.textContent()).resolves.toContain('For @bob');
      await page.screenshot({ path: HOME_SCREENSHOT, fullPage: false });
    } catch (err) {
      await page.screenshot({ path: HOME_SCREENSHOT, fullPage: false });
      const shown = await page.locator('#home').textContent();
      throw new Error(
        `${(err as Error).message}\n--- Home tab shows ---\n${shown}\n--- demo log (tail) ---\n${demoOut.slice(-4000)}`,
      );
    } finally {
      await page.click('button.chan[data-channel="C0DEMOOPS"]');
    }
    await plan.locator('button', { hasText: 'Approve' }).first().waitFor();
    await page
      .locator('#messages [data-testid="message"]', { hasText: i.id })
      .locator('button', { hasText: 'Approve' })
      .first()
      .click();
    await handleConfirm();
    // Wait for the outcome, whatever it is: a failed or rolled-back run shows its own text (and the
    // demo's log) at once instead of a bare locator timeout.
    const outcome = await seeMessage(
      [i.id, /— (done|failed|rolled back)/, /approved by @bob/],
      120_000,
    ).catch((err: Error) => {
      throw new Error(`${err.message}\n--- demo log (tail) ---\n${demoOut.slice(-6000)}`);
    });
    const text = (await outcome.textContent()) ?? '';
    if (!/— done/.test(text))
      throw new Error(
        `the stop/start did not finish: ${text}\n--- demo log (tail) ---\n${demoOut.slice(-6000)}`,
      );
    const done = outcome;
    await done.locator('button.replies').click();
    await page.locator('#thread [data-testid="message"]').nth(1).waitFor();
    const ec2 = await ec2In(i.accountId, i.region);
    const status = await ec2.send(
      new DescribeInstanceStatusCommand({ InstanceIds: [i.id], IncludeAllInstances: true }),
    );
    const described = await ec2.send(new DescribeInstancesCommand({ InstanceIds: [i.id] }));
    ec2.destroy();
    // The stop + start happened in moto: the instance is running again and its instance-stop is history.
    expect(described.Reservations?.[0]?.Instances?.[0]?.State?.Name).toBe('running');
    const ev = status.InstanceStatuses?.[0]?.Events?.find((e) => e.Code === 'instance-stop');
    expect(ev?.Description).toMatch(/^\[Completed\]/);
    await page.screenshot({ path: SCREENSHOT, fullPage: false });
  });

  it('shows issue 13’s cases to a user: every kind of event and the three status checks', async () => {
    const id = (name: string) => info.fleet.find((x) => x.name === name)!.id;
    await type('/ec2 events prod');
    await seeMessage([id('eu-web-1'), 'Instance reboot (in place)', 'Reschedule'], 60_000);
    await seeMessage([id('worker-2'), 'Reboot now (reboot migration)']);
    await seeMessage([id('worker-4'), 'reboot migration is disabled on this instance']);
    await seeMessage([id('scratch-1'), 'instance-store root', 'CreateImage cannot back it up']);
    await seeMessage([id('batch-spot'), 'Spot', 'network maintenance']);
    await type('/ec2 status prod');
    await seeMessage([id('db-replica'), 'Attached EBS status check failing', 'EBS disabled its I/O'], 60_000);
    await seeMessage([id('web-3'), 'AWS recovers it by itself']);
    await seeMessage([id('new-1'), 'No data yet']);
  });

  it('fires a real-format CloudWatch alarm at the bot webhook from the alert menu', async () => {
    await page.selectOption('[data-testid="user-switcher"]', 'U0CAROL');
    await page.selectOption('[data-testid="alert-menu"]', 'alarm-system');
    await page.click('#fire');
    const fired = await seeMessage(['Fired', 'StatusCheckFailed_System', 'the bot answered HTTP']);
    const text = (await fired.textContent()) ?? '';
    if (text.includes('HTTP 404')) {
      // Issue 5 is not merged on this branch: the bot has no /webhooks/aws route yet.
      console.info('demo e2e: /webhooks/aws is not in this build — the alert is not followed further');
      return;
    }
    expect(text).toMatch(/HTTP 20[02]/);
    const web3 = info.fleet.find((x) => x.name === 'web-3')!;
    await page.click('button.chan[data-channel="C0PRODALERT"]');
    await seeMessage([web3.id], 60_000);
  });

  it('the alert menu also fires an SNS alarm notification (signed as SNS), an attached-EBS alarm and a public outage', async () => {
    await page.click('button.chan[data-channel="C0PRODALERT"]');
    const web4 = info.fleet.find((x) => x.name === 'web-4')!;
    const samples: [string, string, (string | RegExp)[]][] = [
      ['sns-alarm', 'SNS: CloudWatch alarm notification', [web4.id, 'System status check failed']],
      ['alarm-attached-ebs', 'StatusCheckFailed_AttachedEBS', ['Attached EBS status check failed']],
      ['health-public', 'public EC2 operational issue', ['AWS: Operational issue in us-east-1']],
    ];
    for (const [key, label, expected] of samples) {
      await page.selectOption('[data-testid="alert-menu"]', key);
      await page.click('#fire');
      const fired = await seeMessage(['Fired', label, 'the bot answered HTTP']);
      expect((await fired.textContent()) ?? '').toMatch(/HTTP 202/);
      await seeMessage(expected, 60_000);
    }
  });

  it('tour step 4: /ec2 maintenance plan all places the open events in waves, with one Approve plan', async () => {
    await page.click('button.chan[data-channel="C0DEMOOPS"]');
    await page.selectOption('[data-testid="user-switcher"]', 'U0ALICE');
    await type('/ec2 maintenance plan all');
    const plan = await seeMessage([/Maintenance plan — all/, /wave/, 'Approve plan'], 90_000);
    const text = (await plan.textContent()) ?? '';
    // The demo fleet's open events, planned: waves with the actions and why, and what AWS does itself.
    expect(text).toMatch(/\d+ instances? planned, \d+ bot waves?/);
    // issue 20: scratch-1's termination is never moved (a person replaces it), events AWS already put in a
    // window stay there, and every planned line shows AWS's time → the plan's time
    expect(text).toMatch(/scratch-1 instance-retirement — \*?needs a person before/);
    expect(text).toMatch(/worker-2 — AWS acts in your window/);
    expect(text).toMatch(/eu-web-1 — AWS acts in your window/);
    expect(text).toContain("AWS's time");
    await screenshotOf(plan, path.basename(screenshot(mode, 'maintenance-plan')));
  });

  it('took every command and button of the tour the way this mode carries them', async () => {
    const now = (await (await fetch(`${url}/ui/info`)).json()) as Info;
    if (mode === 'socket') expect(now.slack.envelopes).toBeGreaterThanOrEqual(8);
    else expect(now.slack.envelopes).toBeUndefined();
  });

  it('the standing plan (watch: true) plans the event that arrives a minute after start, with no command', async () => {
    await page.click('button.chan[data-channel="C0PRODALERT"]');
    const reports = info.fleet.find((x) => x.name === 'reports')!;
    const standing = await seeMessage(
      [/Standing maintenance plan — prod/, 'Proposed additions', reports.id],
      180_000,
    );
    await screenshotOf(standing, path.basename(screenshot(mode, 'standing-plan')));
  }, 200_000);

  it('stops moto and the bot cleanly on Ctrl-C (SIGINT)', async () => {
    const exited = new Promise<number | null>((r) => demo.once('exit', (code) => r(code)));
    demo.kill('SIGINT');
    await expect(exited).resolves.toBe(0);
    await expect(fetch(`${info.motoUrl}/_ec2bot/ping`)).rejects.toThrow();
    await expect(fetch(`${url}/ui/info`)).rejects.toThrow();
  });
});

/**
 * A message's screenshot. The console re-renders its list when any message changes (the standing plan's
 * sweep updates its message in another channel): a locator caught mid-render is taken again.
 */
async function screenshotOf(loc: ReturnType<typeof messages>, file: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await loc.scrollIntoViewIfNeeded();
      await loc.screenshot({ path: path.join(ROOT, 'test-output', file) });
      return;
    } catch (err) {
      if (attempt >= 3 || !/not attached/.test(String(err))) throw err;
    }
  }
}

/** A destructive button may ask first (Slack's confirm dialog): press its confirm button. */
async function handleConfirm(): Promise<void> {
  const dialog = page.locator('[data-testid="confirm-dialog"]');
  try {
    await dialog.waitFor({ state: 'visible', timeout: 1500 });
  } catch {
    return;
  }
  await page.click('#modal-confirm');
}

beforeAll(() => mkdirSync(path.join(ROOT, 'test-output'), { recursive: true }));
