/**
 * ack: N signed `/ec2 help` requests at concurrency 50 against the real web process (src/main.ts web),
 * and the same load against a bare Bolt app that only acks, in the same run. p50/p99 and the p99 ratio.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { TWO_ACCOUNTS } from '../test/helpers/bot';
import { FakeSlack } from '../test/helpers/fakeSlack';
import { cleanPrefix, REDIS_URL, uniquePrefix } from '../test/helpers/redis';
import { slackSignature, slashCommandBody } from '../test/helpers/slackSign';
import { startTs } from './procs';
import { type BenchResult, percentile } from './types';

export const SECRET = 'bench-signing-secret-0123456789';
const N = Number(process.env.BENCH_ACK_N ?? 3000);
const CONCURRENCY = 50;

export async function load(url: string, n: number): Promise<number[]> {
  const latencies: number[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < n) {
      next += 1;
      const body = slashCommandBody({ text: 'help', response_url: 'https://hooks.slack.com/commands/T/1/x' });
      const ts = Math.floor(Date.now() / 1000);
      const t0 = performance.now();
      const res = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'x-slack-request-timestamp': String(ts),
          'x-slack-signature': slackSignature(SECRET, body, ts),
        },
        body,
      });
      await res.text();
      if (res.status !== 200) throw new Error(`status ${res.status}`);
      latencies.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return latencies;
}

/** The accounts file, a unique Redis prefix, the fake Slack and the environment of a benchmarked bot. */
export async function benchBot(
  name: string,
): Promise<{ env: Record<string, string>; slack: FakeSlack; close(): Promise<void> }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'ec2bot-bench-'));
  const config = path.join(dir, 'accounts.yml');
  writeFileSync(config, TWO_ACCOUNTS);
  const prefix = uniquePrefix(name);
  const slack = new FakeSlack();
  await slack.start();
  const env = {
    SLACK_BOT_TOKEN: 'xoxb-bench',
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_API_URL: slack.apiUrl,
    REDIS_URL,
    EC2BOT_REDIS_PREFIX: prefix,
    EC2BOT_CONFIG: config,
    PORT: '0',
    LOG_LEVEL: 'warn',
    NODE_ENV: 'production',
  };
  return {
    env,
    slack,
    close: async () => {
      await slack.stop();
      await cleanPrefix(prefix);
    },
  };
}

export async function run(): Promise<BenchResult> {
  const { env, close } = await benchBot('bench-ack');
  const ours = await startTs('src/main.ts', ['web'], { ...env, LOG_LEVEL: 'info' }, /"port":(\d+),/);
  const bare = await startTs('bench/bareBolt.ts', [], env, /PORT (\d+)\n/);
  try {
    const oursUrl = `http://127.0.0.1:${ours.match[1]}/slack/events`;
    const bareUrl = `http://127.0.0.1:${bare.match[1]}/slack/events`;
    await load(oursUrl, 300);
    await load(bareUrl, 300);
    // Interleave halves so drift on a shared machine hits both sides alike.
    const o1 = await load(oursUrl, N / 2);
    const b1 = await load(bareUrl, N / 2);
    const b2 = await load(bareUrl, N / 2);
    const o2 = await load(oursUrl, N / 2);
    const o = [...o1, ...o2];
    const b = [...b1, ...b2];
    const ratio = percentile(o, 99) / percentile(b, 99);
    const f = (x: number): string => `${x.toFixed(1)} ms`;
    return {
      name: `ack — ${N} signed /ec2 help at concurrency ${CONCURRENCY}`,
      rows: [
        {
          figure: 'p50 ack latency',
          ours: f(percentile(o, 50)),
          baseline: f(percentile(b, 50)),
          ratio: (percentile(o, 50) / percentile(b, 50)).toFixed(2),
          target: '',
        },
        {
          figure: 'p99 ack latency',
          ours: f(percentile(o, 99)),
          baseline: f(percentile(b, 99)),
          ratio: ratio.toFixed(2),
          target: 'ratio ≤ 1.2, ours < 100 ms',
        },
      ],
    };
  } finally {
    await ours.stop();
    await bare.stop();
    await close();
  }
}
