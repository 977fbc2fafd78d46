import type { PlannedItem, UnplannedItem } from './planTypes';
import type { PlanRecord } from './record';
import { botWaves, stagesOf } from './stages';

/**
 * Where a plan stands, counted per item. Pure. The bot's own actions are done when they ran and AWS's
 * event is gone; an event AWS acts on itself is ahead until AWS's (moved) window has passed — and, where
 * the bot starts the instance after AWS's stop, until that start is done. A termination is never done.
 */
export interface Progress {
  done: number;
  failed: number;
  notCleared: number;
  /** Items whose AWS action (or the start after it) is still ahead. */
  ahead: (PlannedItem | UnplannedItem)[];
}

const FINISHED = new Set(['done', 'failed', 'not-cleared']);

export function progressOf(r: PlanRecord, now: Date): Progress {
  const t = now.getTime();
  const out: Progress = { done: 0, failed: 0, notCleared: 0, ahead: [] };
  const count = (s: string | undefined) => {
    if (s === 'done') out.done++;
    if (s === 'failed') out.failed++;
    if (s === 'not-cleared') out.notCleared++;
  };
  const awsItems: (PlannedItem | UnplannedItem)[] = [];
  for (const i of r.plan.waves.flatMap((w) => w.items)) {
    if (i.action === 'reboot' || i.action === 'recover') count(r.items[i.key]);
    else awsItems.push(i);
  }
  awsItems.push(...r.plan.unplanned);
  for (const i of awsItems) {
    const end = Date.parse(('action' in i ? i.end : i.awsUntil) ?? '');
    const watch = r.watches?.[i.key];
    if (i.afterStop === 'start' && r.state !== 'proposed' && r.state !== 'cancelled') {
      if (watch && FINISHED.has(watch)) count(watch);
      else out.ahead.push(i);
    } else if (!(end <= t)) out.ahead.push(i);
    else if (!('person' in i && i.person)) out.done++;
  }
  return out;
}

/** "wave k of n": the bot wave running or next (k = n + 1 past the last: all ran). */
export function waveOf(r: PlanRecord): { k: number; n: number } {
  const n = botWaves(r.plan).length;
  const stages = stagesOf(r.plan);
  const moves = stages.length > n ? 1 : 0;
  return { k: Math.min(n, Math.max(0, r.stage - moves) + 1), n };
}
