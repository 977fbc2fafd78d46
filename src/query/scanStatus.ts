import type { Actor } from '../aws/clients';
import type { Ec2Reads } from '../aws/ec2Reads';
import { type Enriched, emptyEnriched } from '../aws/enrich';
import type { Account } from '../config/types';
import type { Deps } from '../deps';
import type { ScanFailure } from '../domain/scan';
import { checkKind, failingChecks, type InstanceChecks, noDataChecks } from '../domain/statusChecks';
import type { StatusRow } from '../views/status';
import { type AccountsProgress, accountsProgress } from './accountsProgress';
import { activeUnits } from './activeRegions';
import { fanOut } from './fanout';

export interface StatusScan {
  rows: StatusRow[];
  noData: StatusRow[];
  failures: ScanFailure[];
  skippedEmpty: number;
}

/**
 * Every account-region at once: DescribeInstanceStatus (running instances), then the details of the
 * instances with a failing or not-yet-known check, and the attached volumes' own status where the
 * attached-EBS check fails.
 */
export async function scanStatus(
  deps: Deps,
  accounts: Account[],
  region: string | undefined,
  actor: Actor,
  onProgress?: (p: AccountsProgress<StatusRow>) => void,
): Promise<StatusScan> {
  const { units, skippedEmpty } = await activeUnits(deps, accounts, region, actor);
  const progress = accountsProgress<{ rows: StatusRow[] }, StatusRow>(
    accounts,
    units,
    (v) => v.rows,
    onProgress,
  );
  const { results, failures } = await fanOut(
    units,
    'EC2 status checks',
    async (u) => {
      const ec2 = deps.ec2Port(u.account, u.region, actor);
      const checks = await ec2.runningChecks();
      const failing = failingChecks(checks);
      const noData = noDataChecks(checks);
      const ids = [...failing, ...noData].map((c) => c.instanceId);
      const details = ids.length ? await ec2.instanceDetails(ids) : emptyEnriched();
      const rows = await Promise.all(failing.map((c) => failingRow(ec2, c, details)));
      return { rows, noData: noData.map((c) => rowOf(c, details)) };
    },
    { onSettled: progress },
  );
  return {
    rows: results.flatMap((r) => r.value.rows),
    noData: results.flatMap((r) => r.value.noData),
    failures,
    skippedEmpty,
  };
}

function rowOf(c: InstanceChecks, d: Enriched): StatusRow {
  const instance = d.instances.get(c.instanceId);
  const type = instance ? d.types.get(instance.type) : undefined;
  return {
    checks: c,
    instance,
    facts: { instanceStore: type?.instanceStore, autoRecovery: type?.autoRecovery },
  };
}

/** A failing row; for an attached-EBS failure, with its volumes' own status (a failure to read them is said). */
async function failingRow(
  ec2: Pick<Ec2Reads, 'volumeStatuses'>,
  c: InstanceChecks,
  d: Enriched,
): Promise<StatusRow> {
  const row = rowOf(c, d);
  if (checkKind(c) !== 'ebs' || !row.instance) return row;
  const devices = new Map(row.instance.volumes.map((v) => [v.volumeId, v.device]));
  try {
    const health = await ec2.volumeStatuses([...devices.keys()]);
    return { ...row, volumes: [...health.values()].map((v) => ({ ...v, device: devices.get(v.volumeId) })) };
  } catch {
    return row;
  }
}
