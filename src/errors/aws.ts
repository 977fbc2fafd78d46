/** AWS errors told apart by `name` (the error code), never by message text (STYLE.md). Pure. */
export type AwsErrorKind =
  | 'throttled'
  | 'access-denied'
  | 'not-found'
  | 'wrong-state'
  | 'not-permitted'
  | 'capacity'
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
  // Stop protection (DisableApiStop), termination protection and similar instance settings.
  OperationNotPermitted: 'not-permitted',
  InsufficientInstanceCapacity: 'capacity',
  InsufficientCapacity: 'capacity',
  InsufficientHostCapacity: 'capacity',
  InsufficientReservedInstanceCapacity: 'capacity',
  InstanceLimitExceeded: 'capacity',
  VcpuLimitExceeded: 'capacity',
  UnsupportedOperation: 'invalid',
  Unsupported: 'invalid',
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

/** An answer from an AWS service (the SDK attaches $metadata), as opposed to a bug or a network fault. */
export const isAwsAnswer = (err: unknown): boolean => !!err && typeof err === 'object' && '$metadata' in err;

/**
 * The kind of an AWS error. A name we do not list is still classified by its HTTP status: 5xx is
 * transient, 429 throttling, and any other 4xx a client error a retry cannot fix (`invalid`).
 */
export function classifyAwsError(err: unknown): AwsErrorKind {
  const kind = KINDS[awsErrorName(err)];
  if (kind) return kind;
  const status = (err as { $metadata?: { httpStatusCode?: number } } | undefined)?.$metadata?.httpStatusCode;
  if (status !== undefined && status >= 500) return 'transient';
  if (status === 429) return 'throttled';
  if (status !== undefined && status >= 400) return 'invalid';
  return 'unknown';
}
