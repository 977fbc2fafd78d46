import type { Actor, AwsClients } from '../aws/clients';

type EC2Client = ReturnType<AwsClients['ec2']>;

import { discoverInstanceStatus, scanInstanceStatus } from '../aws/instanceStatus';
import { volumeStatuses } from '../aws/volumeStatus';
import type { Account } from '../config/types';
import type { Deps } from '../deps';
import type { ScanFailure } from '../domain/scan';
import { checkKind, failingChecks, type InstanceChecks, noDataChecks } from '../domain/statusChecks';
import type { StatusRow } from '../views/status';
import { type AccountsProgress, accountsProgress } from './accountsProgress';
import { activeUnits } from './activeRegions';
import { type Enriched, emptyEnriched, enrich } from './enrich';
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
  const { units, skippedEmpty, record } = await activeUnits(deps, accounts, region);
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
      const client = deps.aws.ec2(u.account, u.region, actor);
      const { checks, holdsInstances } = u.discover
        ? await discoverInstanceStatus(client, u.account.alias, u.region, { includeAll: false })
        : await scanInstanceStatus(client, u.account.alias, u.region, { includeAll: false });
      const failing = failingChecks(checks);
      const noData = noDataChecks(checks);
      const ids = [...failing, ...noData].map((c) => c.instanceId);
      const details = ids.length ? await enrich(client, u.account.alias, u.region, ids) : emptyEnriched();
      const rows = await Promise.all(failing.map((c) => failingRow(client, c, details)));
      return { rows, noData: noData.map((c) => rowOf(c, details)), holdsInstances };
    },
    { onSettled: progress },
  );
  await record(results.map((r) => ({ unit: r.unit, holdsInstances: r.value.holdsInstances })));
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
async function failingRow(client: EC2Client, c: InstanceChecks, d: Enriched): Promise<StatusRow> {
  const row = rowOf(c, d);
  if (checkKind(c) !== 'ebs' || !row.instance) return row;
  const devices = new Map(row.instance.volumes.map((v) => [v.volumeId, v.device]));
  try {
    const health = await volumeStatuses(client, [...devices.keys()]);
    return { ...row, volumes: [...health.values()].map((v) => ({ ...v, device: devices.get(v.volumeId) })) };
  } catch {
    return row;
  }
}
