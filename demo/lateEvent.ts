import type { Moto } from '../test/helpers/moto';
import type { FleetInstance } from './fleet';

/** The instance that gets a new event after start: no event of its own in the seeded fleet. */
export const LATE_EVENT_INSTANCE = 'reports';
const DAY = 24 * 3600_000;

/**
 * A minute after start, AWS "announces" a new instance-stop on prod's `reports` instance, as a retirement
 * notice lands on a Friday evening: nobody types anything, and the standing plan (`watch: true`) plans it
 * within one sweep. Returns a stopper for Ctrl-C.
 */
export function scheduleLateEvent(
  moto: Moto,
  fleet: FleetInstance[],
  say: (line: string) => void,
  afterMs = 60_000,
): () => Promise<void> {
  const target = fleet.find((i) => i.name === LATE_EVENT_INSTANCE);
  if (!target) return async () => {};
  const timer = setTimeout(() => {
    moto
      .injectEvents(target.accountId, target.region, target.id, [
        { Code: 'instance-stop', NotBefore: new Date(Date.now() + 4 * DAY).toISOString() },
      ])
      .then(() =>
        say(
          `  (a new instance-stop event just arrived for ${target.name} ${target.id}: watch the standing plan in #prod-alerts)`,
        ),
      )
      .catch((err) => say(`  (the late event could not be injected: ${(err as Error).message})`));
  }, afterMs);
  timer.unref();
  return async () => clearTimeout(timer);
}
