import { randomBytes } from 'node:crypto';
import { awsErrorName, classifyAwsError } from './aws';

/** Every error code the bot shows a user. One enum, ending at one handler (STYLE.md). */
export const ErrorCode = {
  BadInput: 'BAD_INPUT',
  UnknownAccount: 'UNKNOWN_ACCOUNT',
  UnknownInstance: 'UNKNOWN_INSTANCE',
  AmbiguousInstance: 'AMBIGUOUS_INSTANCE',
  Forbidden: 'FORBIDDEN',
  AccessDenied: 'AWS_ACCESS_DENIED',
  WrongState: 'WRONG_STATE',
  NotPermitted: 'AWS_NOT_PERMITTED',
  Capacity: 'AWS_CAPACITY',
  Busy: 'BUSY',
  Expired: 'EXPIRED',
  AlreadyDecided: 'ALREADY_DECIDED',
  NotAvailable: 'NOT_AVAILABLE',
  Throttled: 'AWS_THROTTLED',
  AwsUnavailable: 'AWS_UNAVAILABLE',
  Precondition: 'PRECONDITION_FAILED',
  Internal: 'INTERNAL',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** Codes a retry cannot fix: the job fails at once (BullMQ UnrecoverableError). */
const UNRECOVERABLE: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  ErrorCode.BadInput,
  ErrorCode.UnknownAccount,
  ErrorCode.UnknownInstance,
  ErrorCode.AmbiguousInstance,
  ErrorCode.Forbidden,
  ErrorCode.AccessDenied,
  ErrorCode.WrongState,
  ErrorCode.NotPermitted,
  ErrorCode.Capacity,
  ErrorCode.Busy,
  ErrorCode.Expired,
  ErrorCode.AlreadyDecided,
  ErrorCode.NotAvailable,
  ErrorCode.Precondition,
]);

/**
 * The bot's one error type. `userMessage` is plain text, safe to show (never a foreign error's message,
 * never an ARN); views escape it when they render it. `reported`: the user has been told already (the
 * operation's own message says it failed), so the job runner adds no second failure message.
 */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly userMessage?: string;
  /** Configured principals (user / user-group ids) who can do what was refused: the answer mentions them. */
  readonly ask?: readonly string[];
  /** Operations the failure message offers as buttons (a stop stuck in `stopping` → `force-stop`). */
  readonly offer?: readonly string[];
  /** Slack user ids the message names as `{user:…}` tokens (src/domain/mentions.ts): shown as mentions. */
  readonly people?: readonly string[];
  reported = false;
  constructor(
    code: ErrorCode,
    userMessage?: string,
    opts: {
      cause?: unknown;
      detail?: string;
      ask?: readonly string[];
      offer?: readonly string[];
      people?: readonly string[];
    } = {},
  ) {
    super(opts.detail ?? userMessage ?? code, { cause: opts.cause });
    this.name = 'AppError';
    this.code = code;
    this.userMessage = userMessage;
    this.ask = opts.ask;
    this.offer = opts.offer;
    this.people = opts.people;
  }
  get unrecoverable(): boolean {
    return UNRECOVERABLE.has(this.code);
  }
}

/** Inline code in a safe message: backticks around the text (views escape it when they render). */
export const quoted = (s: unknown): string => `\`${String(s ?? '').replace(/`/g, "'")}\``;

export const newCorrelationId = (): string => randomBytes(6).toString('hex');

/** Where an AWS call went, for the safe text: the account (alias) and the instance, when there is one. */
export interface Where {
  account?: string;
  instanceId?: string;
}

/** Per kind: the code, and the safe words for a named call (`action`) or for any call. */
const SAFE: Record<string, [ErrorCode, (a: string, w: Where) => string, string]> = {
  'access-denied': [
    ErrorCode.AccessDenied,
    (a, w) => `The bot's role${w.account ? ` in ${w.account}` : ''} may not call ${a}`,
    "AWS refused the call: the bot's role lacks a permission for it",
  ],
  'not-found': [
    ErrorCode.UnknownInstance,
    (_a, w) => `${w.instanceId ?? 'The resource'} no longer exists${w.account ? ` in ${w.account}` : ''}`,
    'AWS says the resource does not exist (any more)',
  ],
  'wrong-state': [
    ErrorCode.WrongState,
    (a, w) => `${w.instanceId ?? 'The instance'} is not in a state that allows ${a}`,
    'the instance is not in a state that allows this',
  ],
  'not-permitted': [
    ErrorCode.NotPermitted,
    (a, w) =>
      `EC2 does not permit ${a} on ${w.instanceId ?? 'this resource'}: a setting of the instance forbids it`,
    'EC2 does not permit this: a setting of the instance forbids it',
  ],
  capacity: [
    ErrorCode.Capacity,
    (a) =>
      `EC2 has no capacity for ${a} right now: retry later, choose another instance type or Availability Zone, or use a capacity reservation`,
    'EC2 has no capacity for this right now: retry later, choose another instance type or Availability Zone, or use a capacity reservation',
  ],
  invalid: [ErrorCode.BadInput, (a) => `EC2 refused ${a} as invalid`, 'AWS refused the request as invalid'],
  throttled: [
    ErrorCode.Throttled,
    (a, w) => `EC2 kept throttling ${a}${w.account ? ` in ${w.account}` : ''}; try again in a few minutes`,
    'AWS kept throttling the calls; try again in a minute',
  ],
  transient: [
    ErrorCode.AwsUnavailable,
    (a) => `AWS did not answer ${a}; try again in a few minutes`,
    'AWS did not answer properly; try again in a minute',
  ],
};

/**
 * The one way from any error to an AppError with a safe message. AWS errors are told apart by name
 * (src/errors/aws.ts), never by message text; the AWS error name is safe to show and is added.
 * Permission, not-found, wrong-state, not-permitted, capacity and validation errors get unrecoverable
 * codes; throttling and 5xx stay retryable. Anything else (a bug) is INTERNAL, the original its cause.
 */
export function asAppError(err: unknown, action?: string, where: Where = {}): AppError {
  if (err instanceof AppError) return err;
  const safe = SAFE[classifyAwsError(err)];
  const name = awsErrorName(err);
  if (safe) {
    const [code, named, generic] = safe;
    const text = `${action ? named(action, where) : generic} (${name}).`;
    return new AppError(code, text, { cause: err, detail: `${action ?? 'AWS call'}: ${name}` });
  }
  return new AppError(ErrorCode.Internal, undefined, { cause: err, detail: `${action ?? 'job'} failed` });
}

/** A failure a retry cannot fix: ours by code, AWS's by error name (never by message). */
export function isUnrecoverable(err: unknown): boolean {
  if (err instanceof AppError) return err.unrecoverable;
  if (err && typeof err === 'object' && (err as { name?: string }).name === 'UnrecoverableError') return true;
  return asAppError(err).unrecoverable;
}

/**
 * The only text about an error that reaches Slack, in plain words: the safe message, or for anything
 * else (a bug) that it went wrong on our side. No internal code: the log has it under the correlation
 * id, which views show apart, in a small context line (src/views/error.ts). Unescaped, and may hold
 * `{date:…}` / `{user:…}` tokens: views render it with `richText` (src/views/text.ts).
 */
export function safeText(err: unknown): string {
  const e = asAppError(err);
  return e.userMessage ?? "Something went wrong on our side; the details are in the bot's log.";
}
