import type { ScanFailure } from '../domain/scan';
import { code, esc } from './text';

const KIND_TEXT: Record<ScanFailure['kind'], string> = {
  'access-denied': 'access denied',
  timeout: 'no answer in time',
  throttled: 'throttled by AWS',
  error: 'failed',
};

/** One line per part of the scan that did not answer, naming it: the results are partial. */
export function failureLines(failures: ScanFailure[]): string[] {
  return failures.map((f) => {
    const where = f.region ? `${esc(f.account)}/${esc(f.region)}` : esc(f.account);
    return `:warning: *${where}* ${esc(f.part)}: ${KIND_TEXT[f.kind]} (${code(f.errorName)}) — not included, results are partial.`;
  });
}

/** Accounts without a Business/Enterprise support plan have no Health API: one line saying so. */
export function healthUnavailableLine(accounts: string[]): string[] {
  if (accounts.length === 0) return [];
  return [
    `:information_source: AWS Health was not available for ${accounts.map(esc).join(', ')} (it needs a Business or Enterprise support plan): showing EC2 scheduled events only.`,
  ];
}

/** How AWS Health was asked for the organization's accounts: once (organizational view), or each account. */
export type HealthOrgOutcome =
  | { via: 'organization'; accounts: number }
  | { via: 'accounts'; reason: 'not-enabled' }
  | { via: 'accounts'; reason: 'failed'; errorName: string };

/** One line saying so; a fallback names why and what would make it one call. */
export function healthOrgLine(o: HealthOrgOutcome | undefined): string[] {
  if (!o) return [];
  if (o.via === 'organization')
    return [
      `:information_source: AWS Health: asked once for the organization (organizational view, ${o.accounts} account${o.accounts === 1 ? '' : 's'}).`,
    ];
  if (o.reason === 'not-enabled')
    return [
      ":information_source: AWS Health's organizational view is not enabled for the organization: asked each account instead (enable it from the management account to ask once).",
    ];
  return [
    `:information_source: AWS Health's organizational view did not answer (${code(o.errorName)}): asked each account instead.`,
  ];
}

/** A fleet-wide scan asked only the regions that held instances at the last probe: say how many it skipped. */
export function skippedEmptyLine(skipped: number | undefined, sub: string): string[] {
  if (!skipped) return [];
  return [
    `:information_source: ${skipped} account-region${skipped === 1 ? '' : 's'} without instances at the last probe (within 30 min) not asked; \`/ec2 ${sub} <account>\` asks every region.`,
  ];
}

/**
 * Parts whose failure leaves the region searched: its instances were found and only their details are
 * missing, or the part is account-wide beside the EC2 scan (AWS Health, named in its own line).
 */
const SIDE_PARTS = new Set(['instance details', 'AWS Health']);

/** Why a region was not searched, in the headline's words. */
const NOT_SEARCHED: Record<ScanFailure['kind'], string> = {
  'access-denied': 'refused',
  timeout: 'no answer',
  throttled: 'throttled',
  error: 'failed',
};

/**
 * Where a scan looked, for a headline: "prod (us-east-1, eu-west-1); staging (us-east-1)". A region
 * whose scan failed (throttled, refused, no answer) is never listed as searched: "prod (us-east-1;
 * eu-west-1 not searched: throttled)". An account-wide failure of the main part leaves every region
 * of the account unsearched.
 */
export function checkedText(
  checked: { account: string; regions: string[] }[],
  failures: readonly ScanFailure[] = [],
): string {
  return checked
    .map((c) => {
      const why = new Map<string, string>();
      for (const f of failures) {
        if (f.account !== c.account || SIDE_PARTS.has(f.part)) continue;
        for (const r of f.region ? [f.region] : c.regions) why.set(r, NOT_SEARCHED[f.kind]);
      }
      const searched = c.regions.filter((r) => !why.has(r)).map(esc);
      const byWhy = new Map<string, string[]>();
      for (const [r, w] of why) if (c.regions.includes(r)) byWhy.set(w, [...(byWhy.get(w) ?? []), esc(r)]);
      const missing = [...byWhy].map(([w, rs]) => `${rs.join(', ')} not searched: ${w}`);
      return `${esc(c.account)} (${[...(searched.length ? [searched.join(', ')] : []), ...missing].join('; ')})`;
    })
    .join('; ');
}

/**
 * Appended to a headline count while part of the scan is missing, so the count never reads as the whole
 * fleet's: "" when every part answered.
 */
export const partialNote = (failures: ScanFailure[]): string =>
  failures.length
    ? ` — ${failures.length} part${failures.length === 1 ? '' : 's'} of the scan did not answer: results are partial`
    : '';
