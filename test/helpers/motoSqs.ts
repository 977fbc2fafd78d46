import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';

/**
 * SQS and EventBridge on moto, as the intake tests set them up: a queue with a dead-letter queue
 * (redrive after `maxReceiveCount` receives) and an EventBridge rule whose target is the queue.
 * EventBridge is called over its JSON 1.1 protocol directly (no client package for three calls).
 */
export class MotoSqs {
  readonly sqs: SQSClient;

  constructor(private readonly motoUrl: string) {
    this.sqs = new SQSClient({
      region: 'us-east-1',
      endpoint: motoUrl,
      credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
    });
  }

  async queueWithDlq(name: string, o: { maxReceiveCount: number; visibility?: number }) {
    const dlq = await this.create(`${name}-dlq`);
    const queue = await this.create(name, {
      RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlq.arn, maxReceiveCount: o.maxReceiveCount }),
      VisibilityTimeout: String(o.visibility ?? 30),
    });
    return { queue, dlq };
  }

  async create(name: string, attributes: Record<string, string> = {}): Promise<{ url: string; arn: string }> {
    const out = await this.sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: attributes }));
    const url = out.QueueUrl as string;
    const attrs = await this.sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }),
    );
    return { url, arn: attrs.Attributes?.QueueArn as string };
  }

  /** Sends bodies ten to a SendMessageBatch, `parallel` batches at a time. */
  async sendAll(url: string, bodies: string[], parallel = 8): Promise<void> {
    let next = 0;
    const lane = async (): Promise<void> => {
      while (next < bodies.length) {
        const batch = bodies.slice(next, next + 10);
        next += 10;
        const out = await this.sqs.send(
          new SendMessageBatchCommand({
            QueueUrl: url,
            Entries: batch.map((b, i) => ({ Id: String(i), MessageBody: b })),
          }),
        );
        if (out.Failed?.length) throw new Error(`SendMessageBatch: ${JSON.stringify(out.Failed)}`);
      }
    };
    await Promise.all(Array.from({ length: parallel }, lane));
  }

  send(url: string, body: string): Promise<unknown> {
    return this.sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: body }));
  }

  /** Visible + in flight (0 = every message was deleted or moved). */
  async depth(url: string): Promise<{ visible: number; inFlight: number }> {
    const out = await this.sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: url,
        AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
      }),
    );
    return {
      visible: Number(out.Attributes?.ApproximateNumberOfMessages ?? 0),
      inFlight: Number(out.Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0),
    };
  }

  /** Receives (and leaves) what is in a queue now: the DLQ check. */
  async peek(url: string): Promise<string[]> {
    const out = await this.sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: url,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: 1,
        VisibilityTimeout: 0,
      }),
    );
    return (out.Messages ?? []).map((m) => m.Body ?? '');
  }

  /** An EventBridge rule on the default bus, matching `pattern`, with the queue as its target. */
  async ruleToQueue(rule: string, pattern: object, queueArn: string): Promise<void> {
    await this.events('PutRule', { Name: rule, EventPattern: JSON.stringify(pattern) });
    await this.events('PutTargets', { Rule: rule, Targets: [{ Id: 'intake', Arn: queueArn }] });
  }

  /** PutEvents as an AWS service would (moto does not police the `aws.` sources). */
  async putEvent(e: {
    source: string;
    detailType: string;
    detail: object;
    resources?: string[];
  }): Promise<string> {
    const out = await this.events('PutEvents', {
      Entries: [
        {
          Source: e.source,
          DetailType: e.detailType,
          Detail: JSON.stringify(e.detail),
          Resources: e.resources ?? [],
        },
      ],
    });
    const entry = (out.Entries as { EventId?: string }[] | undefined)?.[0];
    if (!entry?.EventId) throw new Error(`PutEvents failed: ${JSON.stringify(out)}`);
    return entry.EventId;
  }

  private async events(op: string, body: object): Promise<Record<string, unknown>> {
    const res = await fetch(this.motoUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': `AWSEvents.${op}`,
        authorization:
          'AWS4-HMAC-SHA256 Credential=testing/20260101/us-east-1/events/aws4_request, SignedHeaders=host, Signature=0',
      },
      body: JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`EventBridge ${op}: ${res.status} ${text}`);
    return text ? (JSON.parse(text) as Record<string, unknown>) : {};
  }

  destroy(): void {
    this.sqs.destroy();
  }
}
