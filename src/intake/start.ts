import type { AwsIngest } from '../../handlers/webhook/ingest';
import type { Settings } from '../config/settings';
import type { WebDeps } from '../deps';
import { type IntakeOptions, SqsIntake } from './sqsIntake';

/**
 * The SQS intake when AWS_EVENTS_QUEUE_URL is set (else undefined), on the process's one ingest.
 *
 * The one AWS call a web process may make, and only when told to: issue 23 puts the queue's consumer
 * in the web process (or alone, `main.js intake`) so that a deployment without inbound traffic needs no
 * extra service. It is the bot's own queue, read with the bot's own credentials from the SDK's default
 * chain (the task role) — never a member account's role, never EC2. The SQS module is loaded only here,
 * so a web process without AWS_EVENTS_QUEUE_URL still loads no AWS SDK module.
 */
export async function startSqsIntake(
  deps: WebDeps,
  settings: Pick<Settings, 'awsEventsQueueUrl' | 'awsEventsPollers'>,
  ingest: AwsIngest,
  opts: IntakeOptions = {},
): Promise<SqsIntake | undefined> {
  if (!settings.awsEventsQueueUrl) return undefined;
  const { sqsEventsQueue } = await import('../aws/eventsQueue');
  const intake = new SqsIntake(
    sqsEventsQueue(settings.awsEventsQueueUrl),
    (raw, bytes) => ingest.body(raw, bytes, 'queue'),
    deps,
    { pollers: settings.awsEventsPollers, ...opts },
  );
  intake.start();
  return intake;
}
