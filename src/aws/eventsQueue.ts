import {
  ChangeMessageVisibilityBatchCommand,
  DeleteMessageBatchCommand,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';

/** One received SQS message, as the intake needs it. */
export interface QueueMessage {
  id: string;
  receipt: string;
  body: string;
  /** When SQS accepted it (epoch ms; `SentTimestamp`). */
  sentAt: number;
  /** How many times it has been received, this one included (`ApproximateReceiveCount`). */
  receiveCount: number;
}

/** The narrow port the intake loop runs on: receive, delete, extend. */
export interface EventsQueue {
  readonly url: string;
  receive(opts: {
    max: number;
    waitSeconds: number;
    visibilitySeconds: number;
    signal?: AbortSignal;
  }): Promise<QueueMessage[]>;
  /** Deletes by receipt; returns the ids SQS refused to delete (they come back after their visibility). */
  delete(messages: QueueMessage[]): Promise<string[]>;
  /** Sets the visibility timeout of messages still being worked on. */
  extend(messages: QueueMessage[], seconds: number): Promise<void>;
  destroy(): void;
}

export class QueueUrlError extends Error {}

/**
 * The region of a queue URL: `https://sqs.<region>.amazonaws.com/<account>/<name>` (also `.amazonaws.com.cn`
 * and the legacy `https://<region>.queue.amazonaws.com/…`),
 * https://docs.aws.amazon.com/general/latest/gr/sqs-service.html. A URL without one (a local emulator)
 * falls back to `fallback` (AWS_REGION).
 */
export function queueRegion(url: string, fallback?: string): string {
  let host: string;
  try {
    host = new URL(url).hostname;
  } catch {
    throw new QueueUrlError(
      `AWS_EVENTS_QUEUE_URL: "${url}" is not a URL — write https://sqs.<region>.amazonaws.com/<account id>/<queue name>`,
    );
  }
  const m =
    /^sqs[.-]([a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-\d)\./.exec(host) ??
    /^([a-z]{2}(?:-gov)?-[a-z]+-\d)\.queue\./.exec(host);
  const region = m?.[1] ?? fallback;
  if (!region) {
    throw new QueueUrlError(
      `AWS_EVENTS_QUEUE_URL: no region in "${host}" and AWS_REGION is not set — use the queue URL SQS shows (https://sqs.<region>.amazonaws.com/…)`,
    );
  }
  return region;
}

const MAX_BATCH = 10;

const chunks = <T>(xs: T[]): T[][] =>
  Array.from({ length: Math.ceil(xs.length / MAX_BATCH) }, (_, i) =>
    xs.slice(i * MAX_BATCH, (i + 1) * MAX_BATCH),
  );

/**
 * The queue through the SDK, with the bot's own credentials (the default chain: environment, profile,
 * ECS task role). The endpoint is the SDK's: AWS_ENDPOINT_URL(_SQS) in tests, else the region's.
 */
export function sqsEventsQueue(url: string, env: NodeJS.ProcessEnv = process.env): EventsQueue {
  const client = new SQSClient({ region: queueRegion(url, env.AWS_REGION || env.AWS_DEFAULT_REGION) });
  return {
    url,
    async receive({ max, waitSeconds, visibilitySeconds, signal }) {
      const out = await client.send(
        new ReceiveMessageCommand({
          QueueUrl: url,
          MaxNumberOfMessages: max,
          WaitTimeSeconds: waitSeconds,
          VisibilityTimeout: visibilitySeconds,
          MessageSystemAttributeNames: ['SentTimestamp', 'ApproximateReceiveCount'],
        }),
        { abortSignal: signal },
      );
      return (out.Messages ?? []).map((m) => ({
        id: m.MessageId ?? '',
        receipt: m.ReceiptHandle ?? '',
        body: m.Body ?? '',
        sentAt: Number(m.Attributes?.SentTimestamp ?? Date.now()),
        receiveCount: Number(m.Attributes?.ApproximateReceiveCount ?? 1),
      }));
    },
    async delete(messages) {
      const failed: string[] = [];
      for (const batch of chunks(messages)) {
        const out = await client.send(
          new DeleteMessageBatchCommand({
            QueueUrl: url,
            Entries: batch.map((m, i) => ({ Id: String(i), ReceiptHandle: m.receipt })),
          }),
        );
        for (const f of out.Failed ?? []) failed.push(batch[Number(f.Id)]?.id ?? '?');
      }
      return failed;
    },
    async extend(messages, seconds) {
      for (const batch of chunks(messages)) {
        await client.send(
          new ChangeMessageVisibilityBatchCommand({
            QueueUrl: url,
            Entries: batch.map((m, i) => ({
              Id: String(i),
              ReceiptHandle: m.receipt,
              VisibilityTimeout: seconds,
            })),
          }),
        );
      }
    },
    destroy: () => client.destroy(),
  };
}
