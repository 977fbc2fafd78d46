import { type BotOptions, startTestBot, type TestBot } from './bot';
import { type FakeHealth, tagHealthAccount } from './fakeHealth';
import { type Moto, startMoto, useMotoEnv } from './moto';

/**
 * The alert window and pacing (src/config/alertTuning.ts) short, for a bot's `env`: an alert test waits
 * on the post, not on the 10 s window.
 */
export const FAST_ALERTS = { EC2BOT_ALERT_WINDOW_MS: '200', EC2BOT_ALERT_PACE_MS: '100' };

export interface BedOptions extends BotOptions {
  /** AWS Health (moto has none): started here, its endpoint set, each Health client told its account. */
  health?: FakeHealth;
  /**
   * Runs once moto (and Health) answer, before the bot starts: what the bot must find at its start. What
   * it returns is added to the bot's options (a config naming what it made).
   */
  before?: (moto: Moto) => Promise<Partial<BotOptions> | undefined>;
}

export interface Bed {
  moto: Moto;
  bot: TestBot;
  /** Stops what was started, the bot first, and takes the endpoints back out of process.env. */
  close(): Promise<void>;
}

/**
 * The bot (test/helpers/bot.ts) over moto, and over the fake Health when given one: moto's endpoint and
 * credentials go into process.env (the SDK reads them), Health's into AWS_ENDPOINT_URL_HEALTH. A start
 * that fails half-way stops what it had started.
 */
export async function startBed(opts: BedOptions): Promise<Bed> {
  const { health, before, ...botOptions } = opts;
  const stops: (() => Promise<void>)[] = [];
  const close = async (): Promise<void> => {
    while (stops.length) await stops.pop()!();
  };
  try {
    const moto = await startMoto();
    stops.push(() => moto.stop());
    useMotoEnv(moto);
    if (health) {
      await health.start();
      stops.push(async () => {
        await health.stop();
        delete process.env.AWS_ENDPOINT_URL_HEALTH;
      });
      process.env.AWS_ENDPOINT_URL_HEALTH = health.url;
    }
    const bot = await startTestBot(withHealth({ ...botOptions, ...(await before?.(moto)) }, health));
    stops.push(() => bot.close());
    return { moto, bot, close };
  } catch (err) {
    await close();
    throw err;
  }
}

/** The options with each Health client told its account (the fake knows accounts by a header). */
function withHealth(opts: BotOptions, health: FakeHealth | undefined): BotOptions {
  const onClient = opts.aws?.onClient;
  if (!health) return opts;
  return {
    ...opts,
    aws: {
      ...opts.aws,
      onClient: (client, key) => {
        tagHealthAccount(client, key);
        onClient?.(client, key);
      },
    },
  };
}
