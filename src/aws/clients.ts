import { AutoScalingClient } from '@aws-sdk/client-auto-scaling';
import { EC2Client } from '@aws-sdk/client-ec2';
import { HealthClient } from '@aws-sdk/client-health';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { STSClient } from '@aws-sdk/client-sts';
import type { Account } from '../config/types';
import { AssumedRole, sessionName } from './credentials';
import { HealthFailover, type HealthRegion } from './healthFailover';
import type { Ec2Pacer } from './pacing';
import { bindTypeCatalog, type TypeCatalog } from './typeCatalog';

/** Global services (Organizations, the role check's STS) are signed for us-east-1. */
const GLOBAL_REGION = 'us-east-1';

export interface Actor {
  requester?: string;
  approver?: string;
}

export type ServiceClient = EC2Client | AutoScalingClient | HealthClient | STSClient | OrganizationsClient;

/** What a client needs of an account: its role (and a name for the client cache and metrics). */
export type RoleTarget = Pick<Account, 'alias' | 'role_arn' | 'external_id'>;

export interface AwsClientsOptions {
  /** Region for the bot's own STS client (AssumeRole). */
  stsRegion?: string;
  /** Called once for every client built: benchmarks and tests add middleware (latency, throttling). */
  onClient?: (client: ServiceClient, key: { account: string; region: string; service: string }) => void;
  /**
   * SDK retry attempts (standard mode): the one in-call retry layer for throttles and 5xx. Operations
   * are BullMQ jobs whose own retry, resuming from the saved step, is the outer durability layer.
   */
  maxAttempts?: number;
  /** Clients kept at most (LRU); one per account × region × service × session name. */
  maxClients?: number;
  /** Told of every AWS error (metrics: errors by code and account). */
  onError?: (err: unknown, key: { account: string; region: string; service: string }) => void;
  /** Paces EC2 requests per account-region under EC2's token buckets, shared by every process (Redis). */
  pacer?: Ec2Pacer;
  /** Told when AWS Health fails over to its other region (logs). */
  onHealthFailover?: (from: HealthRegion, to: HealthRegion, err: unknown) => void;
  /** Instance type facts per region, shared by every account's EC2 client (Redis in a real process). */
  typeCatalog?: TypeCatalog;
}

/**
 * One cached client per (account, region, service, session name), on credentials from STS AssumeRole.
 * The only place that constructs AWS SDK clients for member accounts. Endpoints come from the SDK's own
 * AWS_ENDPOINT_URL* variables, so tests point it at moto without code here knowing.
 */
export class AwsClients {
  private readonly sts: STSClient;
  private readonly roles = new Map<string, AssumedRole>();
  private readonly clients = new Map<string, ServiceClient>();
  /** The active AWS Health region of this process (src/aws/healthFailover.ts). */
  readonly healthRegion: HealthFailover;

  constructor(private readonly opts: AwsClientsOptions = {}) {
    this.healthRegion = new HealthFailover(opts.onHealthFailover);
    this.sts = new STSClient({ region: opts.stsRegion ?? process.env.AWS_REGION ?? 'us-east-1' });
  }

  ec2(account: Account, region: string, actor?: Actor): EC2Client {
    return this.get(account, region, 'ec2', actor, (cfg) => {
      const client = new EC2Client(cfg);
      this.opts.pacer?.attach(client, account.id, region);
      if (this.opts.typeCatalog) bindTypeCatalog(client, this.opts.typeCatalog);
      return client;
    });
  }

  /** Auto Scaling of one account-region, paced like EC2 (its own bucket, shared by every process). */
  autoScaling(account: Account, region: string, actor?: Actor): AutoScalingClient {
    return this.get(account, region, 'autoscaling', actor, (cfg) => {
      const client = new AutoScalingClient(cfg);
      this.opts.pacer?.attach(client, account.id, region, () => 'autoscaling');
      return client;
    });
  }

  /** A Health client for one of Health's two regions (default: the active one). */
  health(account: RoleTarget, actor?: Actor, region: HealthRegion = this.healthRegion.region): HealthClient {
    return this.get(
      account,
      region,
      'health',
      actor,
      (cfg) =>
        // A region in trouble may hang rather than refuse: time out so the other region is tried in time.
        new HealthClient({ ...cfg, requestHandler: { connectionTimeout: 2_000, requestTimeout: 5_000 } }),
    );
  }

  /** Health calls through the active region, failing over to the other on a region fault. */
  withHealth<T>(
    account: RoleTarget,
    actor: Actor | undefined,
    fn: (health: HealthClient) => Promise<T>,
  ): Promise<T> {
    return this.healthRegion.run((region) => fn(this.health(account, actor, region)));
  }

  /**
   * AWS Organizations as the organization role (management or delegated-administrator account). Its
   * endpoint is global, signed for us-east-1: https://docs.aws.amazon.com/general/latest/gr/ao.html
   */
  organizations(role: RoleTarget): OrganizationsClient {
    return this.get(role, GLOBAL_REGION, 'organizations', undefined, (cfg) => new OrganizationsClient(cfg));
  }

  /** STS client acting as the account's role (GetCallerIdentity: the role check). */
  stsAs(account: RoleTarget, actor?: Actor): STSClient {
    return this.get(account, GLOBAL_REGION, 'sts', actor, (cfg) => new STSClient(cfg));
  }

  get size(): number {
    return this.clients.size;
  }

  destroy(): void {
    for (const c of this.clients.values()) c.destroy();
    this.clients.clear();
    this.sts.destroy();
  }

  private get<T extends ServiceClient>(
    account: RoleTarget,
    region: string,
    service: string,
    actor: Actor | undefined,
    make: (cfg: {
      region: string;
      credentials: AssumedRole['provider'];
      maxAttempts?: number;
      retryMode: 'standard';
    }) => T,
  ): T {
    const session = sessionName(actor);
    const key = `${account.alias}|${region}|${service}|${session}`;
    const hit = this.clients.get(key);
    if (hit) {
      this.clients.delete(key);
      this.clients.set(key, hit);
      return hit as T;
    }
    const roleKey = `${account.alias}|${session}`;
    let role = this.roles.get(roleKey);
    if (!role) {
      role = new AssumedRole(this.sts, account, session);
      this.roles.set(roleKey, role);
    }
    // Standard retry, not adaptive: adaptive adds a client-side rate limiter per client object, that is
    // per process — the budget the Redis pacer already shares across processes — and AWS recommends it
    // only for single-resource, latency-tolerant clients.
    // https://docs.aws.amazon.com/sdkref/latest/guide/feature-retry-behavior.html
    const client = make({
      region,
      credentials: role.provider,
      maxAttempts: this.opts.maxAttempts ?? 3,
      retryMode: 'standard',
    });
    const clientKey = { account: account.alias, region, service };
    const onError = this.opts.onError;
    if (onError) {
      (client as EC2Client).middlewareStack.add(
        (next) => async (args) => {
          try {
            return await next(args);
          } catch (err) {
            onError(err, clientKey);
            throw err;
          }
        },
        { step: 'initialize', name: 'ec2botErrorCount' },
      );
    }
    this.opts.onClient?.(client, clientKey);
    this.clients.set(key, client);
    this.evict();
    return client;
  }

  private evict(): void {
    const max = this.opts.maxClients ?? 500;
    while (this.clients.size > max) {
      const oldest = this.clients.keys().next().value as string;
      this.clients.get(oldest)?.destroy();
      this.clients.delete(oldest);
    }
  }
}
