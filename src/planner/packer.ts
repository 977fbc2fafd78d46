import type { MaintenanceConfig } from '../config/maintenanceSchema';
import type { Calendar } from './calendar';
import { type FreezeSpan, frozenBy, nextMinute, type Occurrence, type Slot } from './windows';

interface PackedWave {
  start: number;
  /** Planned length: the longest action in it (ms). */
  len: number;
}

/**
 * Where the bot's own actions (reboot, stop + start) can go: waves inside the window occurrences.
 * Measured (no `wave_minutes`): a wave is as long as its longest action and the next one starts
 * `wave_gap_minutes` after it, back to back; an action joins a wave at least as long as itself, or the
 * last wave of its window grows to hold it, or it opens a new wave. `wave_minutes` set: fixed slots of
 * that length (the override). One packer per maintenance config, so accounts that share windows share waves.
 */
export class Packer {
  private readonly occurrences: Occurrence[];
  private readonly freezes: FreezeSpan[];
  private readonly waves = new Map<string, PackedWave[]>();
  private readonly fixed?: Slot[];
  private readonly gap: number;
  private readonly first: number;

  constructor(cfg: MaintenanceConfig, cal: Calendar, now: number) {
    this.occurrences = cal.occurrences;
    this.freezes = cal.freezes;
    this.gap = cfg.wave_gap_minutes * 60_000;
    this.first = nextMinute(now);
    if (cal.fixed) this.fixed = cal.fixed;
  }

  /** Candidate slots for an action lasting `ms`, earliest first (`end` is the action's own end). */
  *slots(ms: number): Generator<Slot> {
    if (this.fixed) {
      yield* this.fixed;
      return;
    }
    for (const o of this.occurrences) {
      const key = `${o.open}|${o.window}`;
      const list = this.waves.get(key) ?? [];
      for (const [n, w] of list.entries()) {
        const last = n === list.length - 1;
        if (w.len < ms && !(last && w.start + ms <= o.close)) continue;
        const s = { start: w.start, end: w.start + ms, ...o };
        if (!frozenBy(s, this.freezes)) yield s;
      }
      const tail = list.at(-1);
      let start = tail ? tail.start + tail.len + this.gap : Math.max(o.open, this.first);
      while (start + ms <= o.close) {
        const s = { start, end: start + ms, ...o };
        const f = frozenBy(s, this.freezes);
        if (!f) {
          yield s;
          break;
        }
        start = f.to;
      }
    }
  }

  /** The action took this slot: it joins (or grows) the wave there, or opens one. */
  commit(slot: Slot, ms: number): void {
    if (this.fixed) return;
    const key = `${slot.open}|${slot.window}`;
    const list = this.waves.get(key) ?? [];
    const w = list.find((x) => x.start === slot.start);
    if (w) w.len = Math.max(w.len, ms);
    else list.push({ start: slot.start, len: ms });
    list.sort((a, b) => a.start - b.start);
    this.waves.set(key, list);
  }
}
