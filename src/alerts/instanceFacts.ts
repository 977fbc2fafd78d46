import type { Account } from '../config/types';
import type { Deps } from '../deps';
import type { AlertEntity, InstanceFacts } from '../domain/alert';
import { type AsgMode, accountAsgMode, asgConfirmOf } from '../domain/autoScaling';
import type { InstanceInfo } from '../domain/instance';
import { consequenceSummary } from '../domain/stopConsequences';
import type { Logger } from '../logger';

/** A lookup that takes longer than this is given up: the alert goes out with the bare ids. */
const LOOKUP_MS = 5000;
/** After a failed lookup an account-region is not asked again for this long (a storm of alerts). */
const BACKOFF_MS = 60_000;
const failedUntil = new Map<string, number>();
/** Instance ids in one DescribeInstances filter (a storm's instances are asked for in chunks). */
const FILTER_VALUES = 200;

/** `instanceStore`: the type has instance-store volumes (DescribeInstanceTypes), when it was read. */
export const factsOf = (i: InstanceInfo, instanceStore?: boolean, asg?: AsgMode): InstanceFacts => ({
  name: i.name,
  type: i.type,
  state: i.state,
  rootDevice: i.rootDeviceType,
  az: i.az,
  publicIp: i.publicIp,
  hasElasticIp: i.hasElasticIp,
  autoRecovery: i.autoRecovery,
  instanceStore,
  spot: i.spot || undefined,
  spotType: i.spotType,
  stopStart: consequenceSummary(
    i,
    { instanceStore, spotType: i.spotType, asgConfirm: asgConfirmOf(i, asg) },
    'stop-start',
  ),
  tags: i.tags,
});

const within = <T>(p: Promise<T>, ms: number): Promise<T> =>
  new Promise<T>((resolve, reject) => {
    const t = setTimeout(
      () => reject(Object.assign(new Error('lookup timed out'), { name: 'TimeoutError' })),
      ms,
    );
    p.then(
      (v) => {
        clearTimeout(t);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(t);
        reject(e);
      },
    );
  });

/**
 * Names the instances of an alert as `/ec2 events` does (Name, type, root device, AZ, public IP, plus
 * what a stop + start would cost and whether AWS's automatic recovery is on): one DescribeInstances per
 * region, filtered by id (a filter, not InstanceIds: one terminated id must not fail the others). A
 * region that fails or is slow leaves its entities without facts — the alert still goes out, with ids.
 */
export async function lookupFacts(
  deps: Pick<Deps, 'ec2Port' | 'now'>,
  account: Account,
  entities: AlertEntity[],
  log: Logger,
): Promise<void> {
  const byRegion = new Map<string, AlertEntity[]>();
  for (const e of entities) {
    if (!e.instanceId) continue;
    const list = byRegion.get(e.region) ?? [];
    list.push(e);
    byRegion.set(e.region, list);
  }
  await Promise.all(
    [...byRegion].map(async ([region, list]) => {
      const key = `${account.alias}|${region}`;
      if ((failedUntil.get(key) ?? 0) > Date.now()) return;
      try {
        const ec2 = deps.ec2Port(account, region, { requester: 'ec2-ops-bot' });
        const ids = list.map((e) => e.instanceId as string);
        const chunks = Array.from({ length: Math.ceil(ids.length / FILTER_VALUES) }, (_, i) =>
          ids.slice(i * FILTER_VALUES, (i + 1) * FILTER_VALUES),
        );
        const [found, types] = await within(
          Promise.all(chunks.map((chunk) => ec2.instancesMatching({ ids: chunk }))).then(async (pages) => {
            const found = pages.flat();
            await ec2.addSpotTypes(found).catch(() => undefined);
            // The types' instance store (cached per process): what a stop + start wipes.
            const types = await ec2.typeFacts(found.map((i) => i.type)).catch(() => undefined);
            return [found, types] as const;
          }),
          LOOKUP_MS,
        );
        const byId = new Map(found.map((i) => [i.id, i]));
        for (const e of list) {
          const i = byId.get(e.instanceId as string);
          e.facts = i
            ? factsOf(i, types?.get(i.type)?.instanceStore, accountAsgMode(account))
            : { state: 'not-found' };
        }
      } catch (err) {
        failedUntil.set(key, Date.now() + BACKOFF_MS);
        log.warn(
          { err: { name: (err as Error)?.name }, account: account.alias, region },
          'alert: instance lookup failed; posting with ids',
        );
      }
    }),
  );
}
