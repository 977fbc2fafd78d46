/**
 * One worker process of `npm run bench -- ops`: the bot's real composition (settings from the
 * environment, buildDeps, startWorker) running the `ops` queue only, with the pacer shaped like the
 * benchmark's bucket model. Env: the bot's own (REDIS_URL, EC2BOT_REDIS_PREFIX, SLACK_*, AWS_*),
 * BENCH_OPS_MODEL (index into MODELS), BENCH_OPS_CONCURRENCY.
 */
import { parseConfig } from '../src/config/load';
import { readSettings } from '../src/config/settings';
import { createLogger } from '../src/logger';
import { buildDeps } from '../src/runtime';
import { startWorker } from '../src/worker';
import { CONFIG, MODELS } from './opsModels';

const settings = readSettings(process.env);
const model = MODELS[Number(process.env.BENCH_OPS_MODEL ?? 0)];
if (!model) throw new Error(`BENCH_OPS_MODEL: no model ${process.env.BENCH_OPS_MODEL}`);
const built = buildDeps(settings, parseConfig(CONFIG, 'bench/ops.yml'), createLogger({ level: 'warn' }), {
  pacing: { limits: model.limits, classOf: model.classOf },
});
const worker = startWorker(built.deps, {
  ...settings,
  queues: ['ops'],
  concurrency: { ops: Number(process.env.BENCH_OPS_CONCURRENCY || 100) },
});
process.on('SIGTERM', () => {
  void worker
    .close()
    .then(() => built.close())
    .then(() => process.exit(0));
});
console.log('ops worker ready');
