import {
  DescribeInstanceStatusCommand,
  type DescribeInstanceStatusCommandOutput,
  type EC2Client,
  type InstanceStatus,
} from '@aws-sdk/client-ec2';

/** EC2 takes up to 100 ids in one DescribeInstanceStatus. */
const MAX_IDS = 100;

interface Waiter {
  resolve(s: InstanceStatus | undefined): void;
  reject(err: unknown): void;
}

/**
 * Coalesces DescribeInstanceStatus reads of many operations on one client (account, region, session)
 * into one call per short window: a fleet-wide recover polls once, not once per instance, which keeps
 * the non-mutating bucket (and moto) free for the calls that matter. A batch that fails (one unknown id
 * fails the whole call) is retried id by id so each caller gets its own answer.
 */
export class StatusBatcher {
  private waiting = new Map<string, Waiter[]>();
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly ec2: EC2Client,
    private readonly windowMs = 15,
  ) {}

  read(id: string): Promise<InstanceStatus | undefined> {
    return new Promise((resolve, reject) => {
      const list = this.waiting.get(id) ?? [];
      list.push({ resolve, reject });
      this.waiting.set(id, list);
      if (this.waiting.size >= MAX_IDS) this.flush();
      else this.timer ??= setTimeout(() => this.flush(), this.windowMs);
    });
  }

  private flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.waiting;
    this.waiting = new Map();
    if (batch.size) void this.send(batch);
  }

  private async send(batch: Map<string, Waiter[]>): Promise<void> {
    const ids = [...batch.keys()];
    try {
      const out = await this.describe(ids);
      const byId = new Map((out.InstanceStatuses ?? []).map((s) => [s.InstanceId, s]));
      for (const [id, ws] of batch) for (const w of ws) w.resolve(byId.get(id));
    } catch (err) {
      if (ids.length === 1) {
        for (const w of batch.get(ids[0] as string) ?? []) w.reject(err);
        return;
      }
      await Promise.all(ids.map((id) => this.send(new Map([[id, batch.get(id) ?? []]]))));
    }
  }

  private describe(ids: string[]): Promise<DescribeInstanceStatusCommandOutput> {
    return this.ec2.send(new DescribeInstanceStatusCommand({ InstanceIds: ids, IncludeAllInstances: true }));
  }
}

const batchers = new WeakMap<EC2Client, StatusBatcher>();

/** The batcher of one client (clients are cached per account, region and session: so are batchers). */
export function statusBatcher(ec2: EC2Client): StatusBatcher {
  let b = batchers.get(ec2);
  if (!b) {
    b = new StatusBatcher(ec2);
    batchers.set(ec2, b);
  }
  return b;
}
