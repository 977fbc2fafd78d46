import { execFileSync } from 'node:child_process';
import { randomUUID, sign } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SnsHttp } from '../../handlers/webhook/snsVerifier';
import { type SnsEnvelope, snsStringToSign } from '../../src/domain/snsMessage';

export const DEMO_TOPIC = (account: string) => `arn:aws:sns:us-east-1:${account}:ec2-ops-demo`;
const CERT_URL = 'https://sns.us-east-1.amazonaws.com/SimpleNotificationService-demo.pem';

/**
 * The demo plays Amazon SNS: a throwaway RSA key and self-signed certificate (openssl) sign envelopes
 * exactly as SNS does (SignatureVersion 2), and the bot's SNS certificate port — the same injection
 * point tests use — is answered with that certificate instead of a fetch from sns.us-east-1.amazonaws.com.
 * Everything else in the bot (signature check, topic allow-list, unwrapping) runs unchanged.
 * Without openssl on the machine the SNS samples are left out of the menu.
 */
export class DemoSns {
  private constructor(
    private readonly key: string,
    private readonly cert: string,
  ) {}

  static create(): DemoSns | undefined {
    try {
      const { key, cert } = snsSigningKey(7);
      return new DemoSns(key, cert);
    } catch {
      return undefined;
    }
  }

  /** The bot's SNS certificate port: only the demo's certificate URL is answered. */
  get http(): SnsHttp {
    return {
      getText: async (url: string) => {
        if (url !== CERT_URL) throw new Error('the demo serves only its own SNS certificate');
        return this.cert;
      },
    };
  }

  /** A signed SNS Notification carrying `message` (the CloudWatch alarm's JSON) from `topic`. */
  envelope(topic: string, subject: string, message: unknown): SnsEnvelope {
    const m: SnsEnvelope = {
      Type: 'Notification',
      MessageId: randomUUID(),
      TopicArn: topic,
      Subject: subject.slice(0, 100),
      Message: JSON.stringify(message),
      Timestamp: new Date().toISOString(),
      SignatureVersion: '2',
      Signature: '',
      SigningCertURL: CERT_URL,
    };
    return signSns(m, this.key);
  }
}

/** A throwaway RSA key and self-signed certificate (openssl), as SNS's signing certificate. Throws without openssl. */
export function snsSigningKey(days: number): { key: string; cert: string } {
  const dir = mkdtempSync(join(tmpdir(), 'ec2bot-sns-'));
  try {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        String(days),
        '-subj',
        '/CN=sns.amazonaws.com',
      ].concat(['-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')]),
      { stdio: 'pipe' },
    );
    return {
      key: readFileSync(join(dir, 'key.pem'), 'utf8'),
      cert: readFileSync(join(dir, 'cert.pem'), 'utf8'),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Signs the envelope as SNS does: SignatureVersion 2 is SHA256withRSA, 1 is SHA1withRSA. */
export function signSns(m: SnsEnvelope, key: string): SnsEnvelope {
  const alg = m.SignatureVersion === '1' ? 'sha1' : 'sha256';
  return { ...m, Signature: sign(alg, Buffer.from(snsStringToSign(m)), key).toString('base64') };
}
