/** What a read-only scan reports about the parts of it that did not answer. */
export type FailureKind = 'access-denied' | 'timeout' | 'throttled' | 'error';

/** A part of the scan that did not answer: named in the reply, never hidden. */
export interface ScanFailure {
  account: string;
  /** Undefined for account-wide parts (Health). */
  region?: string;
  part: string;
  kind: FailureKind;
  errorName: string;
}
