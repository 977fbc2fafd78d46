import pino, { type Logger } from 'pino';

export type { Logger };

/** Paths that may hold a secret anywhere in a logged object. */
export const REDACT_PATHS = [
  'token',
  '*.token',
  'headers.authorization',
  '*.headers.authorization',
  'headers["x-ec2bot-token"]',
  '*.headers["x-ec2bot-token"]',
  'headers["x-slack-signature"]',
  'body.token',
  'credentials',
  '*.credentials',
  'SecretAccessKey',
  '*.SecretAccessKey',
  'SessionToken',
  '*.SessionToken',
  'response_url',
  '*.response_url',
  'responseUrl',
  '*.responseUrl',
];

export function createLogger(
  opts: { level?: string; secrets?: string[]; destination?: pino.DestinationStream } = {},
): Logger {
  const secrets = (opts.secrets ?? []).filter((s) => s && s.length >= 6);
  const scrub = (s: string): string =>
    secrets.reduce((acc, secret) => acc.split(secret).join('[Redacted]'), s);
  return pino(
    {
      level: opts.level ?? 'info',
      base: { app: 'ec2-ops-bot' },
      redact: { paths: REDACT_PATHS, censor: '[Redacted]' },
      // pino breaks on `hooks: undefined` (worker-only mode has no Slack secrets): leave the key out.
      ...(secrets.length ? { hooks: { streamWrite: scrub } } : {}),
    },
    opts.destination,
  );
}
