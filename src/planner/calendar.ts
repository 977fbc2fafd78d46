import type { MaintenanceConfig } from '../config/maintenanceSchema';
import {
  type FreezeSpan,
  freezesOf,
  type Occurrence,
  occurrencesOf,
  type Slot,
  slotsOf,
  stretchesOf,
} from './windows';

/** One maintenance config's windows over a plan's horizon, computed once per plan (luxon is not free). */
export interface Calendar {
  /** Identity of the config's content: accounts with equal blocks share waves. */
  key: string;
  occurrences: Occurrence[];
  /** Back-to-back occurrences joined, up to the horizon plus AWS's longest span. */
  stretches: Occurrence[];
  freezes: FreezeSpan[];
  /** `wave_minutes` set: the fixed slots. */
  fixed?: Slot[];
}

export class Calendars {
  private readonly byCfg = new Map<MaintenanceConfig, Calendar>();

  constructor(
    private readonly now: number,
    private readonly until: number,
    private readonly spanMs: number,
  ) {}

  of(cfg: MaintenanceConfig): Calendar {
    const have = this.byCfg.get(cfg);
    if (have) return have;
    const cal: Calendar = {
      key: JSON.stringify(cfg),
      occurrences: occurrencesOf(cfg, this.now, this.until).filter((o) => o.open < this.until),
      stretches: stretchesOf(cfg, this.now, this.until + this.spanMs),
      freezes: freezesOf(cfg),
      ...(cfg.wave_minutes !== undefined ? { fixed: slotsOf(cfg, this.now, this.until) } : {}),
    };
    this.byCfg.set(cfg, cal);
    return cal;
  }
}
