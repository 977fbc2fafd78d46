import type { z } from 'zod';
import type { WebDeps } from '../../src/deps';
import type { JobSpec } from '../../src/jobs/spec';
import type { CommandInput } from './types';

/**
 * Enqueues the job that does a command's work, typed by the job's schema: who asked and where to answer
 * come from the command. The job id comes from Slack's trigger id, so a repeated delivery is one job.
 */
export function enqueueQuery<S extends z.ZodTypeAny>(
  deps: WebDeps,
  input: CommandInput,
  spec: JobSpec<S>,
  extra: Omit<z.input<S>, 'correlationId' | 'requester' | 'responseUrl' | 'channel'>,
): Promise<string> {
  return deps.queues.enqueue(
    spec,
    {
      correlationId: input.correlationId,
      requester: input.userId,
      responseUrl: input.responseUrl,
      channel: input.channelId,
      ...extra,
    } as z.input<S>,
    { jobId: `${spec.name}-${input.triggerId || input.correlationId}`.replace(/[^\w.-]/g, '_'), attempts: 2 },
  );
}
