import type { Deps } from '../../src/deps';
import { QUEUE } from '../../src/queues';
import type { CommandInput } from './types';

/**
 * Enqueues a read-only fan-out on the `query` queue. The job id comes from Slack's trigger id, so a
 * repeated delivery of the same command is one job.
 */
export async function enqueueQuery(
  deps: Deps,
  input: CommandInput,
  name: string,
  extra: object = {},
): Promise<string> {
  return deps.queues.add(
    QUEUE.query,
    name,
    {
      correlationId: input.correlationId,
      requester: input.userId,
      responseUrl: input.responseUrl,
      channel: input.channelId,
      ...extra,
    },
    { jobId: `${name}-${input.triggerId || input.correlationId}`.replace(/[^\w.-]/g, '_'), attempts: 2 },
  );
}
