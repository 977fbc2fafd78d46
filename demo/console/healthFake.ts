import type { Response } from 'express';

/** A call of the AWS Health API (JSON 1.1 protocol: `X-Amz-Target: AWSHealth_20160804.<Operation>`). */
export const isHealthCall = (target: string | undefined): boolean => /^AWSHealth_\d+\./.test(target ?? '');

/**
 * moto has no Health API. Most accounts have no Business/Enterprise support plan either, and there
 * Health answers every call with SubscriptionRequiredException — so does the demo, which shows the
 * bot's fallback to EC2 data (docs/architecture.md §4).
 */
export function healthSubscriptionRequired(res: Response): void {
  res
    .status(400)
    .set('content-type', 'application/x-amz-json-1.1')
    .set('x-amzn-errortype', 'SubscriptionRequiredException')
    .send(
      JSON.stringify({
        __type: 'SubscriptionRequiredException',
        message: 'The AWS Health API requires a Business, Enterprise On-Ramp or Enterprise support plan.',
      }),
    );
}
