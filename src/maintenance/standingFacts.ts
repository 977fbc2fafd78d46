import type { Account } from '../config/types';
import type { Deps } from '../deps';
import { eventAction } from '../domain/eventAdvice';
import type { EventWindow } from '../domain/eventWindow';
import { placedByWindow, windowFor } from '../planner/eventWindows';
import type { UnplannedItem } from '../planner/plan';
import type { WindowPlaced } from '../planner/standingRecord';
import type { EventRow } from '../views/events';
import { eventKey } from '../views/maintenanceDigest';

export const eventKeyOf = eventKey;

/** Codes an event window can place (the rest never ask for the windows: no call). */
const WINDOW_CODES = new Set(['instance-stop', 'instance-retirement', 'instance-reboot', 'system-reboot']);

/**
 * Events AWS already placed inside the instance's associated event window (DescribeInstanceEventWindows,
 * once per region that has such an event): the planner treats them as placed. The rest go to the planner.
 * A region whose windows cannot be read places nothing (its events are planned as usual).
 */
export async function windowPlacement(
  deps: Deps,
  account: Account,
  rows: EventRow[],
  requester: string,
): Promise<{ placed: WindowPlaced[]; rest: EventRow[] }> {
  const regions = [...new Set(rows.filter((r) => WINDOW_CODES.has(r.event.code)).map((r) => r.event.region))];
  const windows = new Map<string, EventWindow[]>();
  await Promise.all(
    regions.map(async (region) => {
      try {
        windows.set(region, await deps.ec2Port(account, region, { requester }).eventWindows());
      } catch (err) {
        deps.log.warn({ err, account: account.alias, region }, 'event windows not read');
      }
    }),
  );
  const placed: WindowPlaced[] = [];
  const rest: EventRow[] = [];
  for (const r of rows) {
    const w = windowFor(windows.get(r.event.region) ?? [], r.instance, r.event.instanceId);
    if (w && placedByWindow(r.event, w))
      placed.push({
        key: eventKey(r.event),
        instanceId: r.event.instanceId,
        region: r.event.region,
        code: r.event.code,
        ...(r.event.notBefore ? { awsAt: r.event.notBefore } : {}),
        windowId: w.id,
      });
    else rest.push(r);
  }
  return { placed, rest };
}

/**
 * For `/ec2 maintenance plan`: the events AWS already placed in their instance's associated event window,
 * as plan lines AWS acts on itself (with the window named), and the rows left for the planner.
 */
export async function windowPlacedItems(
  deps: Deps,
  accounts: Account[],
  rows: EventRow[],
  requester: string,
  now: Date,
): Promise<{ rows: EventRow[]; placed: UnplannedItem[] }> {
  const out = { rows: [] as EventRow[], placed: [] as UnplannedItem[] };
  for (const account of accounts) {
    const mine = rows.filter((r) => r.event.account === account.alias);
    const { placed, rest } = mine.length
      ? await windowPlacement(deps, account, mine, requester)
      : { placed: [], rest: [] };
    out.rows.push(...rest);
    for (const p of placed) {
      const row = mine.find((r) => eventKey(r.event) === p.key);
      if (!row) continue;
      out.placed.push({
        key: p.key,
        account: account.alias,
        region: p.region,
        instanceId: p.instanceId,
        ...(row.instance?.name ? { name: row.instance.name } : {}),
        code: p.code,
        ...(p.awsAt ? { awsAt: p.awsAt } : {}),
        awsAction: eventAction(row.event, row, now).awsAction,
        conflict: false,
        why: [`AWS already placed it inside event window ${p.windowId} (${account.alias}/${p.region})`],
      });
    }
  }
  return out;
}
