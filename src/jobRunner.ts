import { DelayedError, type Job, UnrecoverableError } from 'bullmq';
import { awsToAppError, classifyAwsError } from './aws/errors';
import type { Deps } from './deps';
import { AppError, userFacing } from './errors';
import type { BasePayload, JobDefinition } from './jobDefinition';
import type { QueueName } from './queues';

/** A failure that a retry cannot fix: ours by code, AWS's by error name (never by message). */
export function isUnrecoverable(err: unknown): boolean {
  if (err instanceof UnrecoverableError) return true;
  if (err instanceof AppError) return err.unrecoverable;
  const kind = classifyAwsError(err);
  return kind === 'access-denied' || kind === 'not-found' || kind === 'invalid' || kind === 'wrong-state';
}

/**
 * The processor of one queue: dispatches by job name, validates the payload, binds a child logger to
 * the job and correlation id, steers retries, and on the final failure answers the user with a safe
 * message (code + correlation id), never the error text.
 */
export function makeQueueProcessor(queue: QueueName, defs: JobDefinition[], deps: Deps) {
  const table = new Map(
    defs.filter((d) => d.queue === queue).map((d) => [d.name, { def: d, run: d.create(deps) }]),
  );
  return async (job: Job, token?: string): Promise<unknown> => {
    const entry = table.get(job.name);
    if (!entry) throw new UnrecoverableError(`no processor for ${queue}/${job.name}`);
    const parsed = entry.def.schema.safeParse(job.data);
    if (!parsed.success) {
      deps.log.error(
        { queue, name: job.name, jobId: job.id, issues: parsed.error.issues },
        'invalid job payload',
      );
      throw new UnrecoverableError('invalid job payload');
    }
    const data: BasePayload = parsed.data;
    const log = deps.log.child({ queue, job: job.name, jobId: job.id, cid: data.correlationId });
    try {
      log.debug({ attempt: job.attemptsMade + 1 }, 'job start');
      const out = await entry.run(data, { job, log, token });
      log.debug('job done');
      return out;
    } catch (err) {
      // The processor moved the job to delayed (pacing, Slack Retry-After): not a failure.
      if (err instanceof DelayedError) throw err;
      const fatal = isUnrecoverable(err);
      const last = fatal || job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      log.error({ err, attempt: job.attemptsMade + 1, final: last }, 'job failed');
      if (last && data.responseUrl) {
        await deps.responder
          .respond(data.responseUrl, {
            text: `:x: ${userFacing(err instanceof AppError ? err : (awsToAppError(err) ?? err), data.correlationId)}`,
            response_type: 'ephemeral',
          })
          .catch((e) => log.warn({ err: e }, 'could not answer the failure'));
      }
      if (fatal && !(err instanceof UnrecoverableError)) {
        throw new UnrecoverableError(err instanceof AppError ? err.code : 'unrecoverable AWS error');
      }
      throw err;
    }
  };
}
