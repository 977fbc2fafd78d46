import type { Actor } from '../../src/aws/clients';
import type { Account } from '../../src/config/types';
import type { Deps } from '../../src/deps';
import { type AuditInstance, auditFindings, type TypeFacts } from '../../src/domain/audit';
import type { InstanceInfo } from '../../src/domain/instance';
import { AUDIT } from '../../src/jobs/audit';
import { defineJob } from '../../src/process/jobDefinition';
import { answer } from '../../src/query/answer';
import { fanOut, unitsOf } from '../../src/query/fanout';
import { accountsOf, checkedOf } from '../../src/query/target';
import { auditView, findingCount } from '../../src/views/audit';

const LIVE = ['pending', 'running', 'stopping', 'stopped'];

/** `/ec2 audit <account>`: open SSH/RDP, public IP without EIP, unencrypted roots, Xen/old types. */
export const auditJob = defineJob({
  ...AUDIT,
  create:
    (deps) =>
    async (data, { log }) => {
      const accounts = accountsOf(deps.config, data.accounts);
      const scan = await scanAudit(deps, accounts, data.region, { requester: data.requester });
      for (const f of scan.failures) log.warn({ failure: f }, 'part of the audit is missing');
      const report = auditFindings(scan);
      const view = auditView(
        data.target ?? data.accounts.join(', '),
        checkedOf(accounts, data.region),
        scan.instances.length,
        report,
        scan.failures,
      );
      await answer(deps, { responseUrl: data.responseUrl, public: data.public }, [view], log);
      return { findings: findingCount(report), failures: scan.failures.length };
    },
});

const toAudit = (i: InstanceInfo): AuditInstance => ({
  id: i.id,
  name: i.name,
  region: i.region,
  type: i.type,
  publicIp: i.publicIp,
  hasElasticIp: i.hasElasticIp,
  securityGroupIds: i.securityGroupIds ?? [],
  rootVolumeId: i.volumes.find((v) => v.device === i.rootDeviceName)?.volumeId,
});

/** Per account-region at once: the instances, then their groups, root volumes and types side by side. */
async function scanAudit(deps: Deps, accounts: Account[], region: string | undefined, actor: Actor) {
  const { results, failures } = await fanOut(unitsOf(accounts, region), 'audit', async (u) => {
    const ec2 = deps.ec2Port(u.account, u.region, actor);
    const instances = (await ec2.instancesMatching({ states: LIVE })).map(toAudit);
    if (instances.length === 0)
      return { instances, groups: [], unencrypted: new Set<string>(), types: new Map() };
    const [groups, unencrypted, types] = await Promise.all([
      ec2.securityGroups(instances.flatMap((i) => i.securityGroupIds)),
      ec2.unencryptedVolumes(instances.flatMap((i) => (i.rootVolumeId ? [i.rootVolumeId] : []))),
      ec2.typeFacts(instances.map((i) => i.type)),
    ]);
    return { instances, groups, unencrypted, types };
  });
  const typeFacts = new Map<string, TypeFacts>();
  for (const r of results) for (const [t, f] of r.value.types) typeFacts.set(t, f);
  return {
    instances: results.flatMap((r) => r.value.instances),
    groups: results.flatMap((r) => r.value.groups),
    unencryptedVolumeIds: new Set(results.flatMap((r) => [...r.value.unencrypted])),
    typeFacts,
    failures,
  };
}
