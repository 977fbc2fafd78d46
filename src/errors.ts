import { randomBytes } from 'node:crypto';
import { awsErrorName, classifyAwsError } from './aws/errors';

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
  reported = false;
  constructor(
    code: ErrorCode,
    userMessage?: string,
    opts: { cause?: unknown; detail?: string; ask?: readonly string[] } = {},
  ) {
    super(opts.detail ?? userMessage ?? code, { cause: opts.cause });
    this.name = 'AppError';
    this.code = code;
    this.userMessage = userMessage;
    this.ask = opts.ask;
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

const SAFE_TEXT: Record<string, (action: string, w: Where, name: string) => [ErrorCode, string]> = {
  'access-denied': (a, w, n) => [
    ErrorCode.AccessDenied,
    `The bot's role${w.account ? ` in ${w.account}` : ''} may not call ${a} (${n}).`,
  ],
  'not-found': (_a, w, n) => [
    ErrorCode.UnknownInstance,
    `${w.instanceId ?? 'The resource'} no longer exists${w.account ? ` in ${w.account}` : ''} (${n}).`,
  ],
  'wrong-state': (a, w, n) => [
    ErrorCode.WrongState,
    `${w.instanceId ?? 'The instance'} is not in a state that allows ${a} (${n}).`,
  ],
  'not-permitted': (a, w, n) => [
    ErrorCode.NotPermitted,
    `EC2 does not permit ${a} on ${w.instanceId ?? 'this resource'} (${n}): a setting of the instance forbids it.`,
  ],
  capacity: (a, _w, n) => [
    ErrorCode.Capacity,
    `EC2 has no capacity for ${a} right now (${n}): retry later, or choose another instance type or Availability Zone, or use a capacity reservation.`,
  ],
  invalid: (a, _w, n) => [ErrorCode.BadInput, `EC2 refused ${a} as invalid (${n}).`],
  throttled: (a, w, _n) => [
    ErrorCode.Throttled,
    `EC2 kept throttling ${a}${w.account ? ` in ${w.account}` : ''}; try again in a few minutes.`,
  ],
  transient: (a, _w, n) => [
    ErrorCode.AwsUnavailable,
    `AWS did not answer ${a} (${n}); try again in a few minutes.`,
  ],
};

/**
 * The one way from any error to an AppError with a safe message. AWS errors are told apart by name
 * (src/aws/errors.ts), never by message text; permission, not-found, wrong-state, not-permitted,
 * capacity and validation errors become unrecoverable codes, throttling and 5xx stay retryable. An
 * error that is neither ours nor AWS's (a bug) becomes INTERNAL with the original as its cause.
 */
export function asAppError(err: unknown, action = 'the call', where: Where = {}): AppError {
  if (err instanceof AppError) return err;
  const kind = classifyAwsError(err);
  const text = SAFE_TEXT[kind];
  if (text) {
    const [code, message] = text(action, where, awsErrorName(err));
    return new AppError(code, message, { cause: err, detail: `${action}: ${awsErrorName(err)}` });
  }
  return new AppError(ErrorCode.Internal, undefined, { cause: err, detail: `${action} failed` });
}

/** A failure a retry cannot fix: ours by code, AWS's by error name (never by message). */
export function isUnrecoverable(err: unknown): boolean {
  if (err instanceof AppError) return err.unrecoverable;
  if (err && typeof err === 'object' && (err as { name?: string }).name === 'UnrecoverableError') return true;
  return asAppError(err).unrecoverable;
}

/** The safe message and the code (no ref: for a message that shows its ref elsewhere). Unescaped. */
export function safeText(err: unknown): string {
  const e = asAppError(err);
  if (e.userMessage) return `${e.userMessage} (${e.code})`;
  return `Something went wrong on our side (${e.code}). The details are in the bot's log.`;
}

/**
 * The only text about an error that reaches Slack: the safe message, the code and the correlation id.
 * Unescaped: views escape it (src/views/text.ts `esc`) when they render it.
 */
export function userFacing(err: unknown, correlationId: string): string {
  const e = asAppError(err);
  if (e.userMessage) return `${e.userMessage} (${e.code}, ref ${correlationId})`;
  return `Something went wrong on our side (${e.code}, ref ${correlationId}). The details are in the bot's log.`;
}
