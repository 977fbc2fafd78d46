import { createVerify, X509Certificate } from 'node:crypto';
import {
  isTrustedCertUrl,
  type SnsEnvelope,
  snsSignatureAlgorithm,
  snsStringToSign,
} from '../../src/domain/snsMessage';

/**
 * The narrow port to SNS over HTTPS: fetch a signing certificate, visit a SubscribeURL. Production uses
 * `fetch`; tests inject one that serves a test certificate, because sns.<region>.amazonaws.com is not
 * reachable from tests (and must not be).
 */
export interface SnsHttp {
  getText(url: string): Promise<string>;
}

export const fetchSnsHttp: SnsHttp = {
  async getText(url) {
    const res = await fetch(url, { redirect: 'error', signal: AbortSignal.timeout(5000) });
    if (!res.ok) throw new Error(`GET ${new URL(url).host} answered ${res.status}`);
    return res.text();
  },
};

export type SnsVerdict = { ok: true } | { ok: false; reason: string };

/** Verifies SNS signatures (v1 SHA1withRSA, v2 SHA256withRSA); certificates are cached by URL. */
export class SnsVerifier {
  private readonly certs = new Map<string, Promise<X509Certificate>>();

  constructor(
    private readonly http: SnsHttp,
    private readonly now: () => Date = () => new Date(),
    private readonly maxCerts = 50,
  ) {}

  async verify(m: SnsEnvelope): Promise<SnsVerdict> {
    const algorithm = snsSignatureAlgorithm(m.SignatureVersion);
    if (!algorithm) return { ok: false, reason: 'unsupported SignatureVersion' };
    if (!isTrustedCertUrl(m.SigningCertURL))
      return { ok: false, reason: 'SigningCertURL not on sns.<region>.amazonaws.com' };
    let cert: X509Certificate;
    try {
      cert = await this.cert(m.SigningCertURL);
    } catch {
      return { ok: false, reason: 'signing certificate unavailable' };
    }
    const t = this.now().getTime();
    if (Date.parse(cert.validFrom) > t || Date.parse(cert.validTo) < t) {
      return { ok: false, reason: 'signing certificate not valid now' };
    }
    const ok = createVerify(algorithm)
      .update(snsStringToSign(m), 'utf8')
      .verify(cert.publicKey, m.Signature, 'base64');
    return ok ? { ok: true } : { ok: false, reason: 'signature does not verify' };
  }

  private cert(url: string): Promise<X509Certificate> {
    const hit = this.certs.get(url);
    if (hit) return hit;
    const p = this.http.getText(url).then((pem) => new X509Certificate(pem));
    p.catch(() => this.certs.delete(url));
    if (this.certs.size >= this.maxCerts) this.certs.delete(this.certs.keys().next().value as string);
    this.certs.set(url, p);
    return p;
  }
}
