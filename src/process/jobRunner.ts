import { DelayedError, type Job, UnrecoverableError } from 'bullmq';
import type { Deps } from '../deps';
import { AppError, asAppError, isUnrecoverable } from '../errors/appError';
import type { BasePayload } from '../jobs/payload';
import type { QueueName } from '../jobs/queues';
import { errorView } from '../views/error';
import type { JobDefinition } from './jobDefinition';

/**
 * The processor of one queue: dispatches by job name, validates the payload, binds a child logger to
 * the job and correlation id, steers retries (unrecoverable → no retry), and on the final failure
 * answers the user once — safe message, code and ref — unless the job already said so itself.
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
    const data = parsed.data as BasePayload;
    const log = deps.log.child({ queue, job: job.name, jobId: job.id, cid: data.correlationId });
    try {
      // The job may name an account another process discovered (src/org/registry.ts).
      await deps.registry.syncOrKeep(log);
      log.debug({ attempt: job.attemptsMade + 1 }, 'job start');
      const out = await entry.run(parsed.data, { job, log, token });
      log.debug('job done');
      return out;
    } catch (err) {
      // The processor moved the job to delayed (pacing, Slack Retry-After): not a failure.
      if (err instanceof DelayedError) throw err;
      const fatal = isUnrecoverable(err);
      const last = fatal || job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      const safe = err instanceof AppError && !!err.userMessage;
      log[safe && fatal ? 'warn' : 'error'](
        { err, attempt: job.attemptsMade + 1, final: last },
        'job failed',
      );
      const reported = err instanceof AppError && err.reported;
      if (last && !reported && data.responseUrl) {
        await deps.responder
          .respond(data.responseUrl, {
            ...errorView(asAppError(err), data.correlationId, ':x:'),
            response_type: 'ephemeral',
            replace_original: false,
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
