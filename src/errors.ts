import { randomBytes } from 'node:crypto';

/** Every error code the bot shows a user. One enum, ending at one handler (STYLE.md). */
export const ErrorCode = {
  BadInput: 'BAD_INPUT',
  UnknownAccount: 'UNKNOWN_ACCOUNT',
  UnknownInstance: 'UNKNOWN_INSTANCE',
  AmbiguousInstance: 'AMBIGUOUS_INSTANCE',
  Forbidden: 'FORBIDDEN',
  AccessDenied: 'AWS_ACCESS_DENIED',
  WrongState: 'WRONG_STATE',
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

/** Codes that a retry cannot fix: the job fails at once (BullMQ UnrecoverableError). */
const UNRECOVERABLE: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  ErrorCode.BadInput,
  ErrorCode.UnknownAccount,
  ErrorCode.UnknownInstance,
  ErrorCode.AmbiguousInstance,
  ErrorCode.Forbidden,
  ErrorCode.AccessDenied,
  ErrorCode.WrongState,
  ErrorCode.Busy,
  ErrorCode.Expired,
  ErrorCode.AlreadyDecided,
  ErrorCode.NotAvailable,
  ErrorCode.Precondition,
]);

export class AppError extends Error {
  readonly code: ErrorCode;
  /** Safe to show in Slack. Never holds err.message of a foreign error. */
  readonly userMessage?: string;
  constructor(code: ErrorCode, userMessage?: string, opts: { cause?: unknown; detail?: string } = {}) {
    super(opts.detail ?? userMessage ?? code, { cause: opts.cause });
    this.name = 'AppError';
    this.code = code;
    this.userMessage = userMessage;
  }
  get unrecoverable(): boolean {
    return UNRECOVERABLE.has(this.code);
  }
}

export const newCorrelationId = (): string => randomBytes(6).toString('hex');

/** The only text about an error that reaches Slack: the safe message, the code and the correlation id. */
export function userFacing(err: unknown, correlationId: string): string {
  if (err instanceof AppError && err.userMessage)
    return `${err.userMessage} (${err.code}, ref ${correlationId})`;
  const code = err instanceof AppError ? err.code : ErrorCode.Internal;
  return `Something went wrong on our side (${code}, ref ${correlationId}). The details are in the bot's log.`;
}
