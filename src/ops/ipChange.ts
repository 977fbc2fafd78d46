import type { RunResult } from './spec';

/**
 * The finished message's line about the public IPv4, from the `read-before` / `read-after` steps: what
 * changed and what to do about it (DNS records, allow-lists). Empty when there was no public IPv4.
 */
export function ipChangeLine(r: RunResult, opts: { stoppedOnly?: boolean } = {}): string {
  const o = r.outputs;
  const before = typeof o.beforeIp === 'string' ? o.beforeIp : '';
  const after = typeof o.afterIp === 'string' ? o.afterIp : '';
  if (opts.stoppedOnly)
    return before && !o.beforeEip
      ? `Public IPv4 ${before} was released; the next start gets a new one (update DNS records and allow-lists then).`
      : '';
  if (before && after && before !== after)
    return `Public IPv4 changed: ${before} → ${after} — update DNS records and allow-lists that name the old one.`;
  if (before && after) return `Public IPv4 unchanged: ${after}${o.afterEip ? ' (Elastic IP)' : ''}.`;
  if (before && !after) return `Public IPv4 ${before} was released; it has no public IPv4 now.`;
  if (after) return `Public IPv4 now: ${after}.`;
  return '';
}

export const joinLines = (...lines: (string | undefined)[]): string => lines.filter(Boolean).join('\n');
