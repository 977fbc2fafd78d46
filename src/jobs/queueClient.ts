import { type FlowJob, FlowProducer, type JobsOptions, Queue } from 'bullmq';
import type { z } from 'zod';
import type { Redis } from '../redis/client';
import { redisKeys } from '../redis/keys';
import { QUEUE_NAMES, type QueueName } from './queues';
import type { JobSpec } from './spec';

/** Default job options: bounded retention so Redis does not grow without end. */
export const DEFAULT_JOB_OPTS: JobsOptions = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 1000 },
  removeOnComplete: { age: 7 * 24 * 3600, count: 2000 },
  removeOnFail: { age: 30 * 24 * 3600, count: 5000 },
};

/** A parent job and its children on one queue (BullMQ flow). */
export interface FlowSpec {
  name: string;
  data: object;
  opts?: JobsOptions;
  children: { name: string; data: object; opts?: JobsOptions }[];
}

/** The producer side of every queue. Web and worker processes both hold one. */
export class Queues {
  private readonly queues = new Map<QueueName, Queue>();
  private flows?: FlowProducer;

  constructor(
    private readonly connection: Redis,
    readonly prefix: string,
  ) {
    const keys = redisKeys(prefix);
    for (const name of QUEUE_NAMES) {
      this.queues.set(
        name,
        new Queue(name, { connection, prefix: keys.queue(name), defaultJobOptions: DEFAULT_JOB_OPTS }),
      );
    }
  }

  get(name: QueueName): Queue {
    const q = this.queues.get(name);
    if (!q) throw new Error(`unknown queue ${name}`);
    return q;
  }

  /**
   * Untyped add: only for operation jobs (src/ops/enqueue.ts — one job name per operation, one
   * `OpJobPayload` schema) and tests that plant a job directly. Every other producer uses `enqueue`.
   */
  async add<T extends object>(
    queue: QueueName,
    name: string,
    data: T,
    opts: JobsOptions = {},
  ): Promise<string> {
    const job = await this.get(queue).add(name, data, opts);
    return String(job.id);
  }

  /** Enqueues a job by its spec: the payload is typed (and checked) by the job's own schema. */
  async enqueue<S extends z.ZodTypeAny>(
    spec: JobSpec<S>,
    data: z.input<S>,
    opts: JobsOptions = {},
  ): Promise<string> {
    return this.add(spec.queue, spec.name, spec.schema.parse(data) as object, opts);
  }

  /**
   * Adds a flow (a parent job that runs once its children ended) on one queue: parent and children
   * share that queue's prefix, so in a Redis Cluster they share its hash tag.
   */
  async addFlow(queue: QueueName, flow: FlowSpec): Promise<void> {
    const prefix = redisKeys(this.prefix).queue(queue);
    this.flows ??= new FlowProducer({ connection: this.connection, prefix });
    await this.flows.add({
      ...flow,
      queueName: queue,
      prefix,
      opts: { ...DEFAULT_JOB_OPTS, ...flow.opts },
      children: flow.children.map((c) => ({
        ...c,
        queueName: queue,
        prefix,
        opts: { ...DEFAULT_JOB_OPTS, ...c.opts },
      })),
    } as FlowJob);
  }

  all(): Queue[] {
    return [...this.queues.values()];
  }

  async close(): Promise<void> {
    await Promise.all([...this.all().map((q) => q.close()), this.flows?.close()]);
  }
}
