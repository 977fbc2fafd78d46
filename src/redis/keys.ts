/**
 * Every Redis key the bot writes, in one place. Each key starts with one hash tag `{<prefix>:…}`:
 * Redis Cluster (ElastiCache / MemoryDB / Valkey in cluster mode) puts a key in the slot of the text
 * between its first `{` and `}`, so keys that one Lua script, MULTI or MGET touches share a tag and
 * therefore a slot, while unrelated keys (two channels' outboxes, two queues, two alerts) get tags of
 * their own and spread over the shards. https://redis.io/docs/latest/operate/oss_and_stack/reference/cluster-spec/#hash-tags
 *
 * Every key of an installation starts with `{<prefix>:` — one SCAN pattern finds them all.
 */
export type RedisKeys = ReturnType<typeof redisKeys>;

/** Characters a prefix may hold: no braces (they would end the hash tag) and no glob characters. */
export const PREFIX_PATTERN = /^[A-Za-z0-9_.:-]+$/;

export function redisKeys(prefix: string) {
  const tag = (...parts: string[]): string => `{${[prefix, ...parts].join(':')}}`;
  return {
    /**
     * BullMQ's `prefix` for one queue: a tag per queue (BullMQ's guidance for clusters), so each
     * queue's keys share a slot and the four queues sit on different slots.
     * https://docs.bullmq.io/patterns/redis-cluster
     */
    queue: (name: string) => tag(name),
    /** Approval record; the DECIDE script touches this key only. */
    approval: (id: string) => tag('approval', id),
    /** The plan shown with an approval request (same tag as its record). */
    approvalPlan: (id: string) => `${tag('approval', id)}:plan`,
    /** The newest pending request for one exact action (its hash): an identical request links to it. */
    approvalPending: (hash: string) => tag('approval-pending', hash),
    /** Recent approvals (a sorted set of ids). */
    approvals: () => tag('approvals'),
    /** Per-instance operation lock (compare-and-delete script on this key alone). */
    lock: (account: string, region: string, instanceId: string) => tag('lock', account, region, instanceId),
    /** Opaque button references. */
    ref: (id: string) => tag('ref', id),
    /** The audit stream. */
    audit: () => tag('audit'),
    /** Worker heartbeats: one hash, a field per worker process (no SCAN across shards). */
    workers: () => tag('workers'),
    /** Slack user-group members, cached. */
    userGroup: (group: string) => tag('usergroup', group),
    /** An alert's record and its parts (`ts`, `ack`, `snooze`, `lock`, …): one tag, read with MGET. */
    alert: (id: string, part?: string) => (part ? `${tag('alert', id)}:${part}` : tag('alert', id)),
    /** An AWS event id the SQS intake has enqueued (a redelivered copy is deleted, not enqueued again). */
    intakeSeen: (eventId: string) => tag('intake-seen', eventId),
    /** A Socket Mode envelope the web process acked, with its ack payload (a redelivery gets the same answer). */
    slackEnvelope: (envelopeId: string) => tag('slack-envelope', envelopeId),
    /** Delivery dedupe (SET NX), one key per delivery hash. */
    alertSeen: (hash: string) => tag('alert-seen', hash),
    /** Entity → alert id. */
    alertEntity: (entity: string) => tag('alert-ent', entity),
    /** An account's alerts that were open when last saved (a sorted set of ids by creation time; App Home). */
    alertsOpen: (account: string) => tag('alerts-open', account),
    /** The latest alert of an instance (or region) per family: `inst` status checks, `spot`, `public`. */
    alertInstance: (account: string, instanceId: string, family = 'inst') =>
      tag(family === 'inst' ? 'alert-inst' : `alert-${family}`, account, instanceId),
    /** Alerts held through quiet hours, per account (LRANGE + DEL in one MULTI on this key). */
    alertDigest: (account: string) => tag('alert-digest', account),
    /** Auto-recover count of an account in one hour. */
    alertAutoRecover: (account: string, hour: string) => tag('alert-autorecover', account, hour),
    /** Alert outcome counters shared by every process (a hash). */
    alertCounts: () => tag('alert-counts'),
    /**
     * Aggregation window of (account, type): `open` holds the bucket id; `items` is the prefix of each
     * bucket's signal list (the PUSH and DRAIN scripts derive `items<id>` and `items<id>:taken` from it,
     * all under the one tag); `hot`, `lock` and `living` are the window's state (AlertBuckets).
     */
    aggregation: (accountId: string, type: string) => ({
      open: `${tag('agg', accountId, type)}:open`,
      items: `${tag('agg', accountId, type)}:items:`,
      /** Set by the first bucket of a window: later buckets of the window flush after a short batch. */
      hot: `${tag('agg', accountId, type)}:hot`,
      /** One flush of (account, type) at a time. */
      lock: `${tag('agg', accountId, type)}:lock`,
      /** Prefix of the living alert of each destination channel during its window (`living<channel>` holds its id). */
      living: `${tag('agg', accountId, type)}:living:`,
    }),
    /** A Slack channel's alert outbox: its FIFO lane, drainer flag and pace key (one script over lane + flag). */
    outbox: (channel: string) => ({
      lane: `${tag('outbox', channel)}:lane`,
      drainer: `${tag('outbox', channel)}:drainer`,
      pace: `${tag('outbox', channel)}:pace`,
    }),
    /**
     * Accounts discovered from AWS Organizations: the registry (JSON) and its version counter, one tag
     * (written in one MULTI; every process GETs the version and re-reads the registry when it moves).
     */
    orgRegistry: () => ({ data: `${tag('org-registry')}:data`, version: `${tag('org-registry')}:version` }),
    /** Regions of one account that hold instances (what a fleet-wide scan found), cached with a TTL. */
    activeRegions: (accountId: string) => tag('active-regions', accountId),
    /** Alerts held by a mute rule: a capped list of the latest, and counts per rule (a hash). */
    mutes: () => ({ recent: `${tag('mutes')}:recent`, counts: `${tag('mutes')}:counts` }),
    /** A maintenance plan's record (plan, approvals, progress) and the newest plan id per target. */
    maintenancePlan: (id: string) => tag('mplan', id),
    maintenanceLast: (target: string) => tag('mplan-last', target),
    /** Recent maintenance plans, newest last (a sorted set of ids by creation time). */
    maintenancePlans: () => tag('mplans'),
    /**
     * Facts of one instance type in one region (DescribeInstanceTypes), shared by every account and
     * process, with a TTL. One tag per region: a region's types are read with one MGET.
     */
    instanceType: (region: string, type: string) => `${tag('itype', region)}:${type}`,
    /** Recent durations (ms) of one maintenance action kind in one account-region (a capped list). */
    maintenanceDurations: (account: string, region: string, kind: string) =>
      tag('mplan-dur', account, region, kind),
    /** An account's standing maintenance plan (src/maintenance/standing.ts); its sweep lock and mention mark. */
    standing: (account: string) => tag('standing', account),
    standingLock: (account: string) => `${tag('standing', account)}:lock`,
    standingMention: (account: string) => `${tag('standing', account)}:mention`,
    /** EC2 request token bucket of one account, region and throttle class, shared by every process. */
    ec2Bucket: (accountId: string, region: string, cls: string) => tag('ec2', accountId, region, cls),
    /** Written at start and checked on every reconnect: gone means Redis lost its data (src/recovery). */
    sentinel: () => tag('sentinel'),
    /** An approval request found pending in Slack after a data loss: its buttons say it was lost. */
    approvalLost: (id: string) => tag('approval-lost', id),
  };
}

/** The SCAN pattern that matches every key of an installation (all of them start with its tag). */
export const keyPattern = (prefix: string): string => `{${prefix}:*`;
