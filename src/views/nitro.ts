import type { KnownBlock } from '@slack/types';
import { instanceLabel } from '../domain/instance';
import type { NitroReport, NitroRow } from '../domain/nitro';
import type { Verdict } from '../domain/preflight';
import type { ScanFailure } from '../domain/scan';
import type { SlackMessage } from '../slack/message';
import { ACTION, indexedActionId } from './actionIds';
import { context, fitBlocks, header, linesToSections, section } from './blocks';
import { checkedText, failureLines, partialNote } from './scanNotes';
import { code, esc } from './text';

const VERDICT: Record<Verdict, string> = {
  ready: ':white_check_mark: ready',
  'needs-os-checks': ':warning: needs OS checks',
  blocked: ':no_entry: blocked',
};

function rowLine(r: NitroRow): string {
  const i = r.instance;
  const to = r.suggested ? ` → ${code(r.suggested)}` : '';
  const why = r.reasons.length ? `: ${r.reasons.map(esc).join('; ')}` : '';
  const prepare = r.prepare ? ` · ${esc(r.prepare)}` : '';
  return `*${esc(instanceLabel(i))}* ${esc(i.accountAlias)}/${esc(i.region)} ${code(i.type)}${to} — ${VERDICT[r.verdict]}${why}${prepare}`;
}

/**
 * Fleet readiness for Xen → Nitro: counts per verdict and region, one line per instance, a
 * **Plan migration** button on each ready one (value: an opaque ref id). Pure.
 */
export function nitroView(
  scope: string,
  report: NitroReport,
  refs: ReadonlyMap<string, string>,
  scan: { checked: { account: string; regions: string[] }[]; failures: ScanFailure[] } = {
    checked: [],
    failures: [],
  },
): SlackMessage {
  const { byVerdict: v, rows } = report;
  const { checked, failures } = scan;
  const where = checked.length
    ? `in ${checkedText(checked, failures)}${partialNote(failures)}`
    : `in ${esc(scope)}`;
  const summary = `${rows.length} instance${rows.length === 1 ? '' : 's'} on the Xen hypervisor ${where}: ${v.ready} ready, ${v['needs-os-checks']} need OS checks, ${v.blocked} blocked.`;
  const regions = Object.entries(report.byRegion)
    .map(([r, n]) => `${esc(r)} ${n}`)
    .join(' · ');
  const ready: KnownBlock[] = [];
  let n = 0;
  for (const r of rows.filter((x) => x.verdict === 'ready')) {
    const ref = refs.get(r.instance.id);
    const s = section(rowLine(r));
    if (ref)
      s.accessory = {
        type: 'button',
        text: { type: 'plain_text', text: 'Plan migration' },
        action_id: indexedActionId(ACTION.op, n++),
        value: ref,
      };
    ready.push(s);
  }
  const others = rows.filter((x) => x.verdict !== 'ready').map(rowLine);
  const failed = failureLines(failures);
  const blocks = fitBlocks(
    [
      header(`Nitro readiness — ${scope}`),
      section(summary),
      ...(regions ? [context(`Per region: ${regions}`)] : []),
      ...ready,
      ...linesToSections([...others, ...failed]),
      context(
        'Xen or Nitro is DescribeInstanceTypes’ Hypervisor. Ready = no blockers, ENA on, an AMI from August 2018 or later, not Windows; each row says what to check inside its OS first.',
      ),
    ],
    (hidden) => `${hidden} more blocks not shown: ask per account or region.`,
  );
  const text = [summary, ...rows.map(rowLine), ...failed].join('\n');
  return { text: text.slice(0, 40_000), blocks };
}
