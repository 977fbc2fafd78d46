import {
  ChangeMessageVisibilityBatchCommand,
  DeleteMessageBatchCommand,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { queueRegion } from '../config/queueUrl';

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
