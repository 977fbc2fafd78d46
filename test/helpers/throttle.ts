import type { EC2Client } from '@aws-sdk/client-ec2';
import type { ServiceClient } from '../../src/aws/clients';
import { type Ec2ThrottleClass, ec2ThrottleClass } from '../../src/aws/pacing';
import { TokenBucket } from './tokenBucket';

/**
 * EC2's request throttling played in front of moto (which has none): a token bucket per account-region
 * and throttle class; a request that finds its bucket empty gets the answer EC2 gives — HTTP 503 with
 * `RequestLimitExceeded` — parsed by the SDK's own deserializer, so its retry logic sees a real throttle.
 * Mocked because moto cannot throttle; used by tests and bench/ops.ts.
 */
export class ThrottleInjector {
  private readonly buckets = new Map<string, TokenBucket>();
  /** Requests answered RequestLimitExceeded, and requests let through, by class. */
  readonly throttled: Record<string, number> = {};
  readonly passed: Record<string, number> = {};
  /** Calls let through, by command name (e.g. StopInstancesCommand). */
  readonly calls: Record<string, number> = {};
  /** When each call was let through (ms epoch), by command name. */
  readonly sentAt: Record<string, number[]> = {};

  constructor(
    private readonly limits: Partial<Record<Ec2ThrottleClass, { capacity: number; refillPerSec: number }>>,
    /** Which bucket a class draws from (default: its own); e.g. Start/Run counted as mutating. */
    private readonly classOf: (cls: Ec2ThrottleClass) => Ec2ThrottleClass = (c) => c,
  ) {}

  get totalThrottled(): number {
    return Object.values(this.throttled).reduce((a, b) => a + b, 0);
  }

  /** Pass as `startTestBot({ aws: { onClient: injector.onClient } })`. */
  readonly onClient = (
    client: ServiceClient,
    key: { account: string; region: string; service: string },
  ): void => {
    if (key.service !== 'ec2') return;
    (client as EC2Client).middlewareStack.add(
      (next, context) => async (args) => {
        const command = String(context.commandName ?? '');
        const injected = this.errors.get(command);
        if (injected && injected.times > 0) {
          injected.times -= 1;
          return { response: ec2ErrorResponse(injected.code, injected.status), output: undefined as never };
        }
        const cls = this.classOf(ec2ThrottleClass(command, args.input as Record<string, unknown>));
        const bucket = this.bucket(key.account, key.region, cls);
        const forced = (this.forced[cls] ?? 0) > 0;
        if (forced) this.forced[cls] = (this.forced[cls] ?? 0) - 1;
        if (forced || (bucket && !bucket.tryTake())) {
          this.throttled[cls] = (this.throttled[cls] ?? 0) + 1;
          return { response: throttleResponse(), output: undefined as never };
        }
        this.passed[cls] = (this.passed[cls] ?? 0) + 1;
        this.calls[command] = (this.calls[command] ?? 0) + 1;
        const sent = this.sentAt[command] ?? [];
        sent.push(Date.now());
        this.sentAt[command] = sent;
        return next(args);
      },
      // After the SDK's retry and our pacing (both finalizeRequest), right where the HTTP request goes out.
      { step: 'deserialize', priority: 'low', name: 'throttleInjector' },
    );
  };

  /** The next `n` requests of class `cls` are throttled whatever the buckets say (deterministic tests). */
  failNext(cls: Ec2ThrottleClass, n: number): void {
    this.forced[cls] = (this.forced[cls] ?? 0) + n;
  }

  private readonly forced: Partial<Record<Ec2ThrottleClass, number>> = {};
  private readonly errors = new Map<string, { code: string; status: number; times: number }>();

  /** The next `times` calls of `command` (e.g. StopInstancesCommand) get EC2 error `code` instead. */
  failCommand(command: string, code: string, status: number, times = 1): void {
    this.errors.set(command, { code, status, times });
  }

  /** Empties a bucket: the next request of that class is throttled. */
  drain(account: string, region: string, cls: Ec2ThrottleClass): void {
    const b = this.bucket(account, region, cls);
    while (b?.tryTake()) {}
  }

  private bucket(account: string, region: string, cls: Ec2ThrottleClass): TokenBucket | undefined {
    const l = this.limits[cls];
    if (!l) return undefined;
    const k = `${account}|${region}|${cls}`;
    let b = this.buckets.get(k);
    if (!b) {
      b = new TokenBucket(l.capacity, l.refillPerSec);
      this.buckets.set(k, b);
    }
    return b;
  }
}

/** An EC2 error (Query protocol error XML), as an HTTP response the SDK's deserializer reads. */
export function ec2ErrorResponse(code: string, status: number) {
  const body = Buffer.from(
    `<?xml version="1.0" encoding="UTF-8"?><Response><Errors><Error><Code>${code}</Code><Message>injected</Message></Error></Errors><RequestID>throttle-injector</RequestID></Response>`,
  );
  return { statusCode: status, headers: { 'content-type': 'text/xml' }, body };
}

/** EC2's throttle answer. */
const throttleResponse = () => ec2ErrorResponse('RequestLimitExceeded', 503);
