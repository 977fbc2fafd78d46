/** SNS HTTP(S) delivery envelopes: shape, canonical string to sign, trusted hosts. Pure. */
export interface SnsEnvelope {
  Type: 'Notification' | 'SubscriptionConfirmation' | 'UnsubscribeConfirmation';
  MessageId: string;
  TopicArn: string;
  Message: string;
  Timestamp: string;
  SignatureVersion: string;
  Signature: string;
  SigningCertURL: string;
  Subject?: string;
  SubscribeURL?: string;
  Token?: string;
}

const TYPES = new Set(['Notification', 'SubscriptionConfirmation', 'UnsubscribeConfirmation']);
const REQUIRED = [
  'MessageId',
  'TopicArn',
  'Message',
  'Timestamp',
  'SignatureVersion',
  'Signature',
  'SigningCertURL',
];

export function asSnsEnvelope(body: unknown): SnsEnvelope | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const o = body as Record<string, unknown>;
  if (typeof o.Type !== 'string' || !TYPES.has(o.Type)) return undefined;
  if (!REQUIRED.every((k) => typeof o[k] === 'string')) return undefined;
  return o as unknown as SnsEnvelope;
}

/**
 * The string SNS signs (AWS docs, "Verifying the signatures of Amazon SNS messages"): `Key\nValue\n`
 * for each key in this order, Subject only when present on a Notification.
 */
export function snsStringToSign(m: SnsEnvelope): string {
  const keys =
    m.Type === 'Notification'
      ? [
          'Message',
          'MessageId',
          ...(m.Subject !== undefined ? ['Subject'] : []),
          'Timestamp',
          'TopicArn',
          'Type',
        ]
      : ['Message', 'MessageId', 'SubscribeURL', 'Timestamp', 'Token', 'TopicArn', 'Type'];
  const rec = m as unknown as Record<string, string | undefined>;
  return keys.map((k) => `${k}\n${rec[k] ?? ''}\n`).join('');
}

export const snsSignatureAlgorithm = (version: string): 'RSA-SHA1' | 'RSA-SHA256' | undefined =>
  version === '1' ? 'RSA-SHA1' : version === '2' ? 'RSA-SHA256' : undefined;

const REGION = String.raw`[a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-\d`;
const SNS_HOST = new RegExp(`^sns\\.${REGION}\\.amazonaws\\.com$`);
/** The raw text of a URL on exactly `https://sns.<region>.amazonaws.com/` (then any path, no backslash). */
const SNS_PREFIX = new RegExp(`^https://sns\\.${REGION}\\.amazonaws\\.com/[^\\\\\\s]*$`);
/** A signing certificate: `https://sns.<region>.amazonaws.com/<name>.pem`, nothing else. */
const SNS_CERT = new RegExp(`^https://sns\\.${REGION}\\.amazonaws\\.com/[A-Za-z0-9][A-Za-z0-9._-]*\\.pem$`);

/**
 * Only https on exactly `sns.<region>.amazonaws.com` (no port, no credentials, no lookalike hosts) —
 * judged on the raw text AND on the parsed URL. Both must agree: a WHATWG parser reads
 * `https://sns.us-east-1.amazonaws.com\.evil.example/x` as a path on the AWS host (backslash is a
 * separator there), another client may read `\.evil.example` as part of the host. Text that parses
 * into something other than itself is refused.
 */
export function isTrustedSnsUrl(raw: string): boolean {
  if (!SNS_PREFIX.test(raw)) return false;
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return false;
  }
  return u.protocol === 'https:' && !u.port && !u.username && !u.password && SNS_HOST.test(u.hostname);
}

/** The signing cert: the raw text is exactly `https://sns.<region>.amazonaws.com/<name>.pem`. */
export const isTrustedCertUrl = (raw: string): boolean =>
  SNS_CERT.test(raw) && isTrustedSnsUrl(raw) && new URL(raw).href === raw;
