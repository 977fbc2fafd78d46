import { createWriteStream } from 'node:fs';
import type { SnsHttp } from '../handlers/webhook/snsVerifier';
import { startWeb, type WebHandle } from '../src/app';
import { loadConfig } from '../src/config/load';
import { readSettings } from '../src/config/settings';
import { createLogger } from '../src/logger';
import { buildDeps } from '../src/runtime';
import { startWorker, type WorkerHandle } from '../src/worker';

export interface DemoBot {
  url: string;
  close(): Promise<void>;
}

/**
 * The bot exactly as `npm start` composes it (settings from an env, the accounts file, buildDeps, web
 * and worker), in this process. Only the environment differs: SLACK_API_URL is the console, the AWS
 * endpoint is moto, and the SNS certificate port is answered by the demo's SNS (as in tests). Logs go
 * to a file so the terminal stays readable.
 */
export async function startDemoBot(
  env: NodeJS.ProcessEnv,
  logFile: string,
  opts: { snsHttp?: SnsHttp } = {},
): Promise<DemoBot> {
  const settings = readSettings(env);
  const log = createLogger({
    level: settings.logLevel,
    secrets: [
      settings.slackBotToken,
      settings.slackSigningSecret,
      settings.webhookToken ?? '',
      settings.slackAppToken ?? '',
    ],
    destination: createWriteStream(logFile, { flags: 'a' }),
  });
  const config = loadConfig(env);
  const built = buildDeps(settings, config, log);
  let web: WebHandle | undefined;
  let worker: WorkerHandle | undefined;
  try {
    web = await startWeb(built.deps, settings, { snsHttp: opts.snsHttp });
    worker = startWorker(built.deps, settings);
  } catch (err) {
    await web?.close();
    await built.close();
    throw err;
  }
  const started = { web, worker };
  return {
    url: `http://127.0.0.1:${started.web.port}`,
    close: async () => {
      await started.web.close();
      await started.worker.close();
      await built.close();
    },
  };
}
