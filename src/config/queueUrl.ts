/** AWS_EVENTS_QUEUE_URL, read without the SDK (main.ts names its error before any AWS module loads). */
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
