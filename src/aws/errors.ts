import { AppError, ErrorCode } from '../errors';
/** AWS errors told apart by `name` (the error code), never by message text (STYLE.md). */
export type AwsErrorKind =
  | 'throttled'
  | 'access-denied'
  | 'not-found'
  | 'wrong-state'
  | 'invalid'
  | 'dry-run-ok'
  | 'subscription-required'
  | 'transient'
  | 'unknown';

const KINDS: Record<string, AwsErrorKind> = {
  Throttling: 'throttled',
  ThrottlingException: 'throttled',
  RequestLimitExceeded: 'throttled',
  TooManyRequestsException: 'throttled',
  RequestThrottled: 'throttled',
  RequestThrottledException: 'throttled',
  SlowDown: 'throttled',
  AccessDenied: 'access-denied',
  AccessDeniedException: 'access-denied',
  UnauthorizedOperation: 'access-denied',
  AuthFailure: 'access-denied',
  InvalidClientTokenId: 'access-denied',
  ExpiredToken: 'access-denied',
  ExpiredTokenException: 'access-denied',
  OptInRequired: 'access-denied',
  'InvalidInstanceID.NotFound': 'not-found',
  'InvalidInstanceID.Malformed': 'not-found',
  'InvalidAMIID.NotFound': 'not-found',
  'InvalidSnapshot.NotFound': 'not-found',
  'InvalidVolume.NotFound': 'not-found',
  IncorrectInstanceState: 'wrong-state',
  IncorrectState: 'wrong-state',
  UnsupportedOperation: 'invalid',
  InvalidParameterValue: 'invalid',
  InvalidParameterCombination: 'invalid',
  InvalidParameter: 'invalid',
  ValidationError: 'invalid',
  ValidationException: 'invalid',
  DryRunOperation: 'dry-run-ok',
  SubscriptionRequiredException: 'subscription-required',
  InternalError: 'transient',
  InternalFailure: 'transient',
  ServiceUnavailable: 'transient',
  Unavailable: 'transient',
  TimeoutError: 'transient',
  RequestTimeout: 'transient',
  ECONNREFUSED: 'transient',
  ECONNRESET: 'transient',
  ETIMEDOUT: 'transient',
};

export function awsErrorName(err: unknown): string {
  if (err && typeof err === 'object') {
    const e = err as { name?: unknown; code?: unknown; Code?: unknown };
    const name = typeof e.name === 'string' && e.name !== 'Error' ? e.name : undefined;
    const code = typeof e.code === 'string' ? e.code : typeof e.Code === 'string' ? e.Code : undefined;
    return name ?? code ?? 'Error';
  }
  return 'Error';
}

export function classifyAwsError(err: unknown): AwsErrorKind {
  const name = awsErrorName(err);
  const kind = KINDS[name];
  if (kind) return kind;
  const status = (err as { $metadata?: { httpStatusCode?: number } } | undefined)?.$metadata?.httpStatusCode;
  if (status !== undefined && status >= 500) return 'transient';
  if (status === 429) return 'throttled';
  return 'unknown';
}

const SAFE: Partial<Record<AwsErrorKind, [ErrorCode, string]>> = {
  'access-denied': [ErrorCode.AccessDenied, "AWS refused the call: the bot's role lacks a permission for it"],
  'not-found': [ErrorCode.UnknownInstance, 'AWS says the resource does not exist (any more)'],
  'wrong-state': [ErrorCode.WrongState, 'the instance is not in a state that allows this'],
  invalid: [ErrorCode.BadInput, 'AWS refused the request as invalid for this instance'],
  throttled: [ErrorCode.Throttled, 'AWS kept throttling the calls; try again in a minute'],
  transient: [ErrorCode.AwsUnavailable, 'AWS did not answer properly; try again in a minute'],
};

/** An AWS SDK error as an AppError with a safe message (the AWS name goes in the detail, for the log). */
export function awsToAppError(err: unknown): AppError | undefined {
  const safe = SAFE[classifyAwsError(err)];
  if (!safe) return undefined;
  return new AppError(safe[0], `${safe[1]} (${awsErrorName(err)}).`, { cause: err });
}
