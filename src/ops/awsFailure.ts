import { awsErrorName, classifyAwsError } from '../aws/errors';
import { AppError, ErrorCode } from '../errors';

/**
 * Turns an AWS error from `action` into an AppError with a safe message: permission, not-found,
 * wrong-state and validation fail at once; throttling and 5xx stay retryable. Never copies
 * err.message (it may hold ARNs); the error name is safe to show.
 */
export function awsFailure(
  err: unknown,
  action: string,
  where: { account: string; instanceId?: string },
): unknown {
  if (err instanceof AppError) return err;
  const name = awsErrorName(err);
  const id = where.instanceId ?? 'the instance';
  switch (classifyAwsError(err)) {
    case 'access-denied':
      return new AppError(
        ErrorCode.AccessDenied,
        `The bot's role in ${where.account} may not call ${action} (${name}).`,
        { cause: err },
      );
    case 'not-found':
      return new AppError(
        ErrorCode.UnknownInstance,
        `${id} no longer exists in ${where.account} (${name}).`,
        { cause: err },
      );
    case 'wrong-state':
      return new AppError(ErrorCode.WrongState, `${id} is not in a state that allows ${action} (${name}).`, {
        cause: err,
      });
    case 'invalid':
      return new AppError(ErrorCode.BadInput, `EC2 refused ${action} as invalid (${name}).`, { cause: err });
    case 'throttled':
      return new AppError(
        ErrorCode.Throttled,
        `EC2 is throttling ${action} in ${where.account}; try again in a few minutes.`,
        { cause: err },
      );
    case 'transient':
      return new AppError(
        ErrorCode.AwsUnavailable,
        `EC2 did not answer ${action}; try again in a few minutes.`,
        { cause: err },
      );
    default:
      return err;
  }
}
