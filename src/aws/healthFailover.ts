import { awsErrorName, classifyAwsError } from '../errors/aws';

/**
 * AWS Health runs active-passive in two regions. AWS documents resolving the active one through the
 * global endpoint's DNS (global.health.amazonaws.com is a CNAME to the active regional endpoint) or
 * calling the regional endpoints in turn: https://docs.aws.amazon.com/health/latest/ug/health-api.html
 * ("Choosing endpoints for AWS Health API requests"). The bot does the latter, which also works where
 * the SDK's endpoint is overridden (AWS_ENDPOINT_URL_HEALTH): us-east-1 first, us-east-2 when the call
 * fails for the region's sake (no connection, a timeout, a 5xx after the SDK's own retries), and the
 * region that answered is tried first from then on.
 */
export const HEALTH_REGIONS = ['us-east-1', 'us-east-2'] as const;
export type HealthRegion = (typeof HEALTH_REGIONS)[number];

/** Network failures a region outage shows as, besides the 5xx and timeouts classifyAwsError calls transient. */
const UNREACHABLE = new Set([
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'ECONNABORTED',
]);

/**
 * The region, not the request, failed: another region may answer. A 5xx or a timeout, a known network
 * error, or a call the SDK gave up on with no HTTP answer at all (its `$metadata` has no status code).
 * An answered 4xx (AccessDenied, SubscriptionRequired, validation) is the request's fault: no failover.
 */
export function isRegionFault(err: unknown): boolean {
  if (classifyAwsError(err) === 'transient' || UNREACHABLE.has(awsErrorName(err))) return true;
  const meta = (err as { $metadata?: { httpStatusCode?: number } } | undefined)?.$metadata;
  return !!meta && meta.httpStatusCode === undefined;
}

/** Which Health region is active, as last seen by this process; `run` fails over and remembers. */
export class HealthFailover {
  private active = 0;

  constructor(private readonly onSwitch?: (from: HealthRegion, to: HealthRegion, err: unknown) => void) {}

  get region(): HealthRegion {
    return HEALTH_REGIONS[this.active] ?? 'us-east-1';
  }

  /** Runs `fn` against the active region; on a region fault, once more against the other one. */
  async run<T>(fn: (region: HealthRegion) => Promise<T>): Promise<T> {
    const first = this.active;
    try {
      return await fn(HEALTH_REGIONS[first] ?? 'us-east-1');
    } catch (err) {
      if (!isRegionFault(err)) throw err;
      const other = (first + 1) % HEALTH_REGIONS.length;
      const out = await fn(HEALTH_REGIONS[other] ?? 'us-east-2');
      if (this.active === first) {
        this.active = other;
        this.onSwitch?.(HEALTH_REGIONS[first] ?? 'us-east-1', HEALTH_REGIONS[other] ?? 'us-east-2', err);
      }
      return out;
    }
  }
}
