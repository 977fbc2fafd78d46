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

const SNS_HOST = /^sns\.[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d\.amazonaws\.com$/;

/** Only https on exactly `sns.<region>.amazonaws.com` (no port, no credentials, no lookalike hosts). */
export function isTrustedSnsUrl(raw: string): boolean {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return false;
  }
  return u.protocol === 'https:' && !u.port && !u.username && !u.password && SNS_HOST.test(u.hostname);
}

/** The signing cert must also be a .pem path (the SubscribeURL is not). */
export const isTrustedCertUrl = (raw: string): boolean =>
  isTrustedSnsUrl(raw) && new URL(raw).pathname.endsWith('.pem');
