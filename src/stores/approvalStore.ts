import { createHash, randomBytes } from 'node:crypto';
import type { Operation } from '../config/operations';
import type { OperationPlan } from '../domain/operationPlan';
import type { OpJobData } from '../jobs/opJob';
import type { Redis } from '../redis/client';
import { type RedisKeys, redisKeys } from '../redis/keys';

/** `withdrawn`: the requester rejected their own request. */
export type ApprovalState = 'pending' | 'approved' | 'rejected' | 'withdrawn' | 'expired';

/** An approval bound to one exact action (docs/architecture.md §6). The button carries only `id`. */
export interface ApprovalRecord {
  id: string;
  /** sha256 of the action (op, account, region, instance, params): what the approver approves. */
  hash: string;
  /** The operation, or `maintenance`: one account's part of a maintenance plan (src/maintenance/approve.ts). */
  op: Operation | 'maintenance';
  account: string;
  region?: string;
  instanceId?: string;
  /** The instance's Name tag when it was requested (for `/ec2 jobs`). */
  instanceName?: string;
  params?: Record<string, unknown>;
  requester: string;
  /** The words of the button that asked for it (src/config/operations.ts): the request's name everywhere. */
  label?: string;
  /** Allowed approvers: user ids and user-group ids. */
  approvers: string[];
  selfApprove: boolean;
  createdAt: string;
  /** Epoch milliseconds. */
  expiresAt: number;
  state: ApprovalState;
  decidedBy?: string;
  decidedAt?: string;
  channel?: string;
  messageTs?: string;
  /** Permalink of the plan message (for `/ec2 jobs` and linked identical requests). */
  link?: string;
  /** The thread the request came from (an alert's), where the plan message was posted. */
  threadTs?: string;
  responseUrl?: string;
  /** What asked for it (an alert's Recover): the operation reports back there. */
  origin?: OpJobData['origin'];
  correlationId: string;
}

/** An approval of one operation (not a maintenance plan's account part). */
export type OperationApproval = ApprovalRecord & { op: Operation };
export const isOperationApproval = (r: ApprovalRecord): r is OperationApproval => r.op !== 'maintenance';

export type DecideOutcome =
  | { ok: true; record: ApprovalRecord }
  | {
      ok: false;
      reason: 'missing' | 'decided' | 'expired' | 'self' | 'tampered' | 'early';
      record?: ApprovalRecord;
    };

/** The action an approval stands for, hashed with sorted keys so equal actions hash equal. */
export function actionHash(
  a: Pick<ApprovalRecord, 'op' | 'account' | 'region' | 'instanceId' | 'params'>,
): string {
  const canon = JSON.stringify([
    a.op,
    a.account,
    a.region ?? '',
    a.instanceId ?? '',
    sortKeys(a.params ?? {}),
  ]);
  return createHash('sha256').update(canon).digest('hex');
}

const sortKeys = (v: unknown): unknown => {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object') {
    return Object.fromEntries(
      Object.keys(v)
        .sort()
        .map((k) => [k, sortKeys((v as Record<string, unknown>)[k])]),
    );
  }
  return v;
};

/**
 * Approve / reject in one step on the server: the record must exist, be pending, not be expired, be
 * unchanged (hash), and — to approve — the approver must not be the requester unless self-approve.
 * Expiry found here is recorded (state `expired`). ARGV: user, decision, now ms, now ISO, hash.
 */
const DECIDE = `
local raw = redis.call('GET', KEYS[1])
if not raw then return {'missing'} end
local r = cjson.decode(raw)
if r.state ~= 'pending' then return {'decided', raw} end
if tonumber(ARGV[3]) > tonumber(r.expiresAt) then
  r.state = 'expired'; r.decidedAt = ARGV[4]
  local out = cjson.encode(r)
  redis.call('SET', KEYS[1], out, 'KEEPTTL')
  return {'expired', out}
end
if ARGV[2] == 'expire' then return {'early', raw} end
if r.hash ~= ARGV[5] then return {'tampered', raw} end
if ARGV[2] == 'approve' and r.requester == ARGV[1] and not r.selfApprove then return {'self', raw} end
if ARGV[2] == 'approve' then r.state = 'approved'
elseif r.requester == ARGV[1] then r.state = 'withdrawn'
else r.state = 'rejected' end
r.decidedBy = ARGV[1]; r.decidedAt = ARGV[4]
local out = cjson.encode(r)
redis.call('SET', KEYS[1], out, 'KEEPTTL')
return {'ok', out}
`;

/** Approval records in Redis, kept a week after they expire so the audit and `/ec2 jobs` can show them. */
export class ApprovalStore {
  private readonly keys: RedisKeys;

  constructor(
    private readonly redis: Redis,
    prefix: string,
  ) {
    this.keys = redisKeys(prefix);
  }

  private key(id: string): string {
    return this.keys.approval(id);
  }

  /** The newest request for one exact action: an identical request while it is pending links to it. */
  private pendingKey(hash: string): string {
    return this.keys.approvalPending(hash);
  }

  /** A request for the same action (same hash) that is still pending and not expired, if any. */
  async pendingLike(
    a: Pick<ApprovalRecord, 'op' | 'account' | 'region' | 'instanceId' | 'params'>,
    now: Date,
  ): Promise<ApprovalRecord | undefined> {
    const id = await this.redis.get(this.pendingKey(actionHash(a)));
    const r = id ? await this.get(id) : undefined;
    return r && r.state === 'pending' && r.expiresAt > now.getTime() ? r : undefined;
  }

  async create(
    r: Omit<ApprovalRecord, 'id' | 'hash' | 'state' | 'createdAt' | 'expiresAt'>,
    now: Date,
    ttlMinutes: number,
  ): Promise<ApprovalRecord> {
    const record: ApprovalRecord = {
      ...r,
      id: `apr-${randomBytes(9).toString('base64url')}`,
      hash: actionHash(r),
      state: 'pending',
      createdAt: now.toISOString(),
      expiresAt: now.getTime() + ttlMinutes * 60_000,
    };
    const keep = ttlMinutes * 60 + 7 * 24 * 3600;
    await this.redis.set(this.key(record.id), JSON.stringify(record), 'EX', keep);
    await this.redis.set(this.pendingKey(record.hash), record.id, 'EX', ttlMinutes * 60);
    await this.redis.zadd(this.keys.approvals(), now.getTime(), record.id);
    await this.redis.zremrangebyrank(this.keys.approvals(), 0, -1001);
    return record;
  }

  /** The plan shown with the request, kept beside the record (the Lua script never re-encodes it). */
  async setPlan(id: string, plan: OperationPlan, ttlSeconds: number): Promise<void> {
    await this.redis.set(this.keys.approvalPlan(id), JSON.stringify(plan), 'EX', ttlSeconds);
  }

  async getPlan(id: string): Promise<OperationPlan | undefined> {
    const raw = await this.redis.get(this.keys.approvalPlan(id));
    return raw ? (JSON.parse(raw) as OperationPlan) : undefined;
  }

  async get(id: string): Promise<ApprovalRecord | undefined> {
    if (!/^apr-[\w-]{8,40}$/.test(id)) return undefined;
    const raw = await this.redis.get(this.key(id));
    return raw ? (JSON.parse(raw) as ApprovalRecord) : undefined;
  }

  /** Saves where the plan message is (after posting it). */
  async setMessage(id: string, channel: string, messageTs: string, link?: string): Promise<void> {
    const r = await this.get(id);
    if (!r) return;
    await this.redis.set(this.key(id), JSON.stringify({ ...r, channel, messageTs, link }), 'KEEPTTL');
  }

  /** `expire` only marks a pending record past its expiry (answer `expired`); before that: `early`. */
  async decide(
    id: string,
    user: string,
    decision: 'approve' | 'reject' | 'expire',
    now: Date,
  ): Promise<DecideOutcome> {
    const current = await this.get(id);
    if (!current) return { ok: false, reason: 'missing' };
    const [reason, raw] = (await this.redis.eval(
      DECIDE,
      1,
      this.key(id),
      user,
      decision,
      String(now.getTime()),
      now.toISOString(),
      actionHash(current),
    )) as [string, string | undefined];
    const record = raw ? (JSON.parse(raw) as ApprovalRecord) : undefined;
    if (reason === 'ok' && record) return { ok: true, record };
    return { ok: false, reason: reason as 'missing', record };
  }

  /** Newest first. */
  async recent(count = 50): Promise<ApprovalRecord[]> {
    const ids = await this.redis.zrevrange(this.keys.approvals(), 0, count - 1);
    const out = await Promise.all(ids.map((id) => this.get(id)));
    return out.filter((r): r is ApprovalRecord => !!r);
  }
}
