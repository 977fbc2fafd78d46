import { type Logger as BoltLogger, LogLevel } from '@slack/bolt';
import type { Logger } from '../logger';

/** Bolt's (and @slack/web-api's) logger interface over our pino logger: one log stream, same redaction. */
export function boltLogger(log: Logger, component = 'bolt'): BoltLogger {
  const child = log.child({ component });
  let level: LogLevel = LogLevel.INFO;
  const fmt = (msg: unknown[]): string =>
    msg.map((m) => (typeof m === 'string' ? m : JSON.stringify(m))).join(' ');
  return {
    debug: (...m) => {
      if (child.isLevelEnabled('debug')) child.debug(fmt(m));
    },
    info: (...m) => {
      if (child.isLevelEnabled('info')) child.info(fmt(m));
    },
    warn: (...m) => {
      if (child.isLevelEnabled('warn')) child.warn(fmt(m));
    },
    error: (...m) => {
      if (child.isLevelEnabled('error')) child.error(fmt(m));
    },
    setLevel: (l) => {
      level = l;
    },
    getLevel: () => level,
    setName: () => {},
  };
}
