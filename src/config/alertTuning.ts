/**
 * Alert pipeline timings. Defaults are the production values; the environment may shorten them for
 * tests and benchmarks (EC2BOT_ALERT_WINDOW_MS, EC2BOT_ALERT_PACE_MS).
 */
export interface AlertTuning {
  /** Events of one account and type arriving within this window become one message. */
  windowMs: number;
  /** At most one Slack call per channel per this many ms. */
  paceMs: number;
  /** Instances listed in the message itself; the rest only in the thread. */
  headInstances: number;
  /** Instances per thread reply of the full list. */
  listChunk: number;
  /** Instances that get operation buttons (Recover, Reboot, Back up) in the message. */
  buttonInstances: number;
}

export function alertTuning(env: NodeJS.ProcessEnv): AlertTuning {
  const num = (v: string | undefined, d: number): number => {
    const n = Number(v);
    return v && Number.isFinite(n) && n >= 0 ? n : d;
  };
  return {
    windowMs: num(env.EC2BOT_ALERT_WINDOW_MS, 10_000),
    paceMs: num(env.EC2BOT_ALERT_PACE_MS, 1000),
    headInstances: 20,
    listChunk: 400,
    buttonInstances: 5,
  };
}
