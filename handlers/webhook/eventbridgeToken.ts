import { createHash, timingSafeEqual } from 'node:crypto';

const digest = (s: string): Buffer => createHash('sha256').update(s, 'utf8').digest();

/** Constant-time comparison of the `x-ec2bot-token` header with WEBHOOK_TOKEN (equal-length digests). */
export function tokenMatches(given: string | undefined, expected: string | undefined): boolean {
  if (!expected || typeof given !== 'string' || !given) return false;
  return timingSafeEqual(digest(given), digest(expected));
}
