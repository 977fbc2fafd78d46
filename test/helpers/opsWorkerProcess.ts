/**
 * A worker in its own process, for the crash tests: runs the `ops` queue against the test's Redis
 * prefix and moto, and — to crash at a chosen point — once the command named by CRASH_AFTER (default
 * StopInstancesCommand; an Auto Scaling command such as EnterStandbyCommand works too) has returned, it tells the parent `{ crashed: <command> }` (and `{ stopped }`
 * for a stop) and hangs; the parent then SIGKILLs it, as a crashed machine would stop mid-job.
 * Env: EC2BOT_REDIS_PREFIX, REDIS_URL, OPS_CONFIG (accounts YAML), CRASH_AFTER, AWS_* (moto).
 */
import type { EC2Client } from '@aws-sdk/client-ec2';
import { parseConfig } from '../../src/config/load';
import { readSettings } from '../../src/config/settings';
import { createLogger } from '../../src/logger';
import { buildDeps } from '../../src/runtime';
import { startWorker } from '../../src/worker';

const settings = readSettings(process.env, { slack: false });
const crashAfter = process.env.CRASH_AFTER || 'StopInstancesCommand';
const log = createLogger({ level: 'warn' });
const config = parseConfig(process.env.OPS_CONFIG ?? '', 'crash-test.yml');
const { deps } = buildDeps(settings, config, log, {
  aws: {
    onClient: (client, key) => {
      if (key.service !== 'ec2' && key.service !== 'autoscaling') return;
      (client as EC2Client).middlewareStack.add(
        (next, context) => async (args) => {
          const out = await next(args);
          if (context.commandName === crashAfter) {
            process.send?.({ crashed: crashAfter, stopped: crashAfter === 'StopInstancesCommand' });
            await new Promise(() => {}); // crash point: never returns
          }
          return out;
        },
        { step: 'initialize', name: 'crashAfterStop' },
      );
    },
  },
});
startWorker(deps, {
  redisUrl: settings.redisUrl,
  queues: ['ops'],
  timing: { lockDuration: 2000, stalledInterval: 1000 },
});
process.send?.({ ready: true });
