import { type Logger as BoltLogger, LogLevel } from '@slack/bolt';
import type { Logger } from '../logger';

/** Bolt's logger interface over our pino logger (one log stream, same redaction). */
export function boltLogger(log: Logger): BoltLogger {
  const child = log.child({ component: 'bolt' });
  let level: LogLevel = LogLevel.INFO;
  const fmt = (msg: unknown[]): string =>
    msg.map((m) => (typeof m === 'string' ? m : JSON.stringify(m))).join(' ');
  return {
    debug: (...m) => child.debug(fmt(m)),
    info: (...m) => child.info(fmt(m)),
    warn: (...m) => child.warn(fmt(m)),
    error: (...m) => child.error(fmt(m)),
    setLevel: (l) => {
      level = l;
    },
    getLevel: () => level,
    setName: () => {},
  };
}
