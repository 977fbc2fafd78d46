import type { Account } from '../config/types';
import type { Deps } from '../deps';
import type { OptionHint, StandingRecord } from '../planner/standingRecord';
import type { EventRow } from '../views/events';
import { eventKey } from '../views/maintenanceDigest';

/** MaintenanceOptions change rarely: a region's coverage is read again after this long. */
const COVERAGE_TTL_MS = 60 * 60_000;

/**
 * Each region's MaintenanceOptions coverage (one DescribeInstances an hour per region), and the open events
 * where turning an option on lets AWS fix it without a stop: a `system-reboot` on an instance whose reboot
 * migration is off (a reboot would then move it to new hardware and clear the event).
 * https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/schedevents_actions_reboot.html#reboot-migration
 */
export async function refreshCoverage(
  deps: Deps,
  account: Account,
  s: StandingRecord,
  rows: EventRow[],
  now: Date,
  requester: string,
): Promise<void> {
  await Promise.all(
    account.regions.map(async (region) => {
      const had = s.coverage[region];
      if (had && now.getTime() - Date.parse(had.checkedAt) < COVERAGE_TTL_MS) return;
      try {
        const all = await deps.ec2Port(account, region, { requester }).instances();
        s.coverage[region] = {
          instances: all.length,
          rebootMigrationOff: all
            .filter((i) => i.maintenance?.rebootMigration === 'disabled')
            .map((i) => i.id),
          autoRecoveryOff: all.filter((i) => i.maintenance?.autoRecovery === 'disabled').map((i) => i.id),
          checkedAt: now.toISOString(),
        };
      } catch (err) {
        deps.log.warn({ err, account: account.alias, region }, 'maintenance options not read');
      }
    }),
  );
  s.hints = rows.filter(rebootMigrationWouldHelp).map(
    (r): OptionHint => ({
      key: eventKey(r.event),
      instanceId: r.event.instanceId,
      region: r.event.region,
      code: r.event.code,
      option: 'reboot-migration',
    }),
  );
}

const rebootMigrationWouldHelp = (r: EventRow): boolean =>
  r.event.code === 'system-reboot' &&
  r.instance?.maintenance?.rebootMigration === 'disabled' &&
  r.rebootMigrationSupported !== false;
