import { createServer, type Server } from 'node:http';
import type { HealthClient } from '@aws-sdk/client-health';
import type { ServiceClient } from '../../src/aws/clients';

export interface FakeHealthEvent {
  arn: string;
  eventTypeCode: string;
  eventTypeCategory: 'scheduledChange' | 'issue' | 'accountNotification';
  region: string;
  startTime: Date;
  endTime?: Date;
  statusCode: 'open' | 'upcoming' | 'closed';
  /** Affected entity values: instance ids or full ARNs. */
  entities: string[];
}

interface AccountState {
  subscriptionRequired?: boolean;
  /** Answer AccessDeniedException (the role's policy lacks health:Describe*). */
  accessDenied?: boolean;
  events: FakeHealthEvent[];
}

/** An organization-wide event: the entities it affects, per member account id. */
export interface FakeOrgEvent extends Omit<FakeHealthEvent, 'entities'> {
  accounts: Record<string, string[]>;
}

/** What the organizational view answers: on or off (DescribeHealthServiceStatusForOrganization), and its events. */
interface OrgState {
  enabled: boolean;
  events: FakeOrgEvent[];
}

export interface HealthCall {
  target: string;
  account: string;
  /** The region the request was signed for (SigV4 credential scope): which Health endpoint it meant. */
  region: string;
  body: Record<string, any>;
}

/** How a Health region in trouble answers: the connection drops, or HTTP 503. */
export type RegionOutage = 'drop' | '503';

/** Header the test adds to Health requests so the fake knows the account (real Health reads credentials). */
export const ACCOUNT_HEADER = 'x-test-account';

/**
 * The AWS Health API at HTTP level (JSON 1.1: `x-amz-target: AWSHealth_20160804.<Op>`), because moto has
 * no Health. Serves DescribeEvents (honouring the services/regions/categories/status filter, paged by
 * `pageSize`) and DescribeAffectedEntities; an account can answer SubscriptionRequiredException (HTTP 400)
 * as AWS does without a Business/Enterprise support plan, or AccessDeniedException.
 */
export class FakeHealth {
  readonly calls: HealthCall[] = [];
  readonly accounts = new Map<string, AccountState>();
  /** The organizational view, answered to the client whose account header is ORG_ACCOUNT. */
  organization: OrgState = { enabled: false, events: [] };
  /** Regions that are down (AWS Health is active-passive in us-east-1 and us-east-2). */
  readonly down = new Map<string, RegionOutage>();
  /** Delay of every organizational-view answer (ms), so calls in flight overlap and can be counted. */
  orgDelayMs = 0;
  /** Most organizational-view calls seen in flight at once. */
  orgMaxInFlight = 0;
  private orgInFlight = 0;
  private server?: Server;
  port = 0;

  constructor(private readonly pageSize = 2) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  set(account: string, state: AccountState): void {
    this.accounts.set(account, state);
  }

  async start(): Promise<void> {
    this.server = createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
      const target = String(req.headers['x-amz-target'] ?? '').split('.')[1] ?? '';
      const account = String(req.headers[ACCOUNT_HEADER] ?? '');
      const region =
        /Credential=[^/]+\/\d{8}\/([a-z0-9-]+)\//.exec(String(req.headers.authorization))?.[1] ?? '';
      this.calls.push({ target, account, region, body });
      const outage = this.down.get(region);
      if (outage === 'drop') return void req.socket.destroy();
      if (outage === '503') {
        res.writeHead(503, { 'content-type': 'application/x-amz-json-1.1' });
        return void res.end(
          JSON.stringify({ __type: 'ServiceUnavailableException', message: 'unavailable' }),
        );
      }
      if (target.endsWith('ForOrganization')) await this.orgLatency();
      const { status, out } = this.handle(target, account, body);
      res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' });
      res.end(JSON.stringify(out));
    });
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    const addr = this.server.address();
    this.port = typeof addr === 'object' && addr ? addr.port : 0;
  }

  async stop(): Promise<void> {
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
  }

  private async orgLatency(): Promise<void> {
    this.orgInFlight++;
    this.orgMaxInFlight = Math.max(this.orgMaxInFlight, this.orgInFlight);
    if (this.orgDelayMs) await new Promise((r) => setTimeout(r, this.orgDelayMs));
    this.orgInFlight--;
  }

  private handle(target: string, account: string, body: any): { status: number; out: object } {
    if (target.endsWith('ForOrganization')) return this.handleOrg(target, body);
    const state = this.accounts.get(account) ?? { events: [] };
    if (state.subscriptionRequired) {
      return {
        status: 400,
        out: {
          __type: 'SubscriptionRequiredException',
          message: 'The AWS Support plan does not allow this.',
        },
      };
    }
    if (state.accessDenied) {
      return { status: 400, out: { __type: 'AccessDeniedException', message: 'not authorized' } };
    }
    if (target === 'DescribeEvents') return { status: 200, out: this.describeEvents(state, body) };
    if (target === 'DescribeAffectedEntities') return { status: 200, out: this.affected(state, body) };
    return { status: 400, out: { __type: 'UnknownOperationException', message: target } };
  }

  /**
   * The organizational view (JSON 1.1, as AWS Health serves it to the management or delegated-admin
   * account): service status, events, affected accounts per event, entities per (event, account) pair —
   * at most 10 pairs a call, as AWS allows. Off: every call but the status answers the error AWS gives.
   */
  private handleOrg(target: string, body: any): { status: number; out: object } {
    const org = this.organization;
    if (target === 'DescribeHealthServiceStatusForOrganization')
      return {
        status: 200,
        out: { healthServiceAccessStatusForOrganization: org.enabled ? 'ENABLED' : 'DISABLED' },
      };
    if (!org.enabled)
      return {
        status: 400,
        out: { __type: 'ConcurrentModificationException', message: 'organizational view not enabled' },
      };
    if (target === 'DescribeEventsForOrganization')
      return { status: 200, out: this.eventsPage(org.events, body) };
    if (target === 'DescribeAffectedAccountsForOrganization') {
      const ev = org.events.find((e) => e.arn === body.eventArn);
      const { items, nextToken } = page(Object.keys(ev?.accounts ?? {}), body.nextToken, this.pageSize);
      return { status: 200, out: { affectedAccounts: items, eventScopeCode: 'ACCOUNT_SPECIFIC', nextToken } };
    }
    if (target === 'DescribeAffectedEntitiesForOrganization') {
      // Only the current parameter (organizationEntityFilters is deprecated): the bot must send this one.
      const pairs: { eventArn: string; awsAccountId: string }[] = body.organizationEntityAccountFilters ?? [];
      if (pairs.length < 1 || pairs.length > 10)
        return {
          status: 400,
          out: { __type: 'ValidationException', message: 'organizationEntityAccountFilters: 1 to 10' },
        };
      const all = pairs.flatMap((p) => {
        const ev = org.events.find((e) => e.arn === p.eventArn);
        return (ev?.accounts[p.awsAccountId] ?? []).map((v) => ({
          eventArn: p.eventArn,
          awsAccountId: p.awsAccountId,
          entityValue: v,
          statusCode: 'IMPAIRED',
        }));
      });
      const { items, nextToken } = page(all, body.nextToken, this.pageSize);
      return { status: 200, out: { entities: items, failedSet: [], nextToken } };
    }
    return { status: 400, out: { __type: 'UnknownOperationException', message: target } };
  }

  private describeEvents(state: AccountState, body: any): object {
    return this.eventsPage(state.events, body);
  }

  /** DescribeEvents and DescribeEventsForOrganization answer alike: EC2 events by the filter, paged. */
  private eventsPage(events: Omit<FakeHealthEvent, 'entities'>[], body: any): object {
    const f = body.filter ?? {};
    const has = (list: string[] | undefined, v: string): boolean => !list || list.includes(v);
    const matching = events.filter(
      (e) =>
        has(f.services, 'EC2') &&
        has(f.regions, e.region) &&
        has(f.eventTypeCategories, e.eventTypeCategory) &&
        has(f.eventStatusCodes, e.statusCode),
    );
    const { items, nextToken } = page(matching, body.nextToken, this.pageSize);
    return {
      events: items.map((e) => ({
        arn: e.arn,
        service: 'EC2',
        eventTypeCode: e.eventTypeCode,
        eventTypeCategory: e.eventTypeCategory,
        region: e.region,
        startTime: e.startTime.getTime() / 1000,
        endTime: e.endTime ? e.endTime.getTime() / 1000 : undefined,
        lastUpdatedTime: e.startTime.getTime() / 1000,
        statusCode: e.statusCode,
        eventScopeCode: 'ACCOUNT_SPECIFIC',
      })),
      nextToken,
    };
  }

  private affected(state: AccountState, body: any): object {
    const arns: string[] = body.filter?.eventArns ?? [];
    const all = state.events
      .filter((e) => arns.includes(e.arn))
      .flatMap((e) => e.entities.map((v) => ({ eventArn: e.arn, entityValue: v, statusCode: 'IMPAIRED' })));
    const { items, nextToken } = page(all, body.nextToken, this.pageSize);
    return { entities: items, nextToken };
  }
}

function page<T>(all: T[], token: string | undefined, size: number): { items: T[]; nextToken?: string } {
  const from = token ? Number(token) : 0;
  const items = all.slice(from, from + size);
  return { items, nextToken: from + size < all.length ? String(from + size) : undefined };
}

/** onClient hook: Health requests carry the account alias in ACCOUNT_HEADER (test plumbing only). */
export function tagHealthAccount(client: ServiceClient, key: { account: string; service: string }): void {
  if (key.service !== 'health') return;
  (client as HealthClient).middlewareStack.add(
    (next) => async (args) => {
      const req = args.request as { headers?: Record<string, string> };
      if (req.headers) req.headers[ACCOUNT_HEADER] = key.account;
      return next(args);
    },
    { step: 'build', name: 'testHealthAccount' },
  );
}
