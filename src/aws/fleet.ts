import { type EC2Client, type Instance, paginateDescribeInstances } from '@aws-sdk/client-ec2';
import { successorCandidates, type TypeInfo } from '../domain/instanceType';
import type { FleetInstance } from '../domain/nitro';
import { needsMigration } from '../domain/nitro';
import type { ImageFacts } from '../domain/preflight';
import { elasticIpInstances, toInstanceInfo } from './instances';
import { describeTypes } from './instanceTypes';
import { describeImageFacts, enaSupportOf } from './resizeFacts';

export interface RegionFleet {
  instances: FleetInstance[];
  types: Map<string, TypeInfo>;
  images: Map<string, ImageFacts>;
}

const LIVE = ['pending', 'running', 'stopping', 'stopped'];
const ENA_BATCH = 10;

/**
 * One region's migration candidates with what the preflight needs: their types and same-size successor
 * types (DescribeInstanceTypes), their AMIs, and enaSupport (asked only where DescribeInstances did not
 * already say it is on).
 */
export async function regionFleet(ec2: EC2Client, account: string, region: string): Promise<RegionFleet> {
  const raw: Instance[] = [];
  const pages = paginateDescribeInstances(
    { client: ec2, pageSize: 1000 },
    { Filters: [{ Name: 'instance-state-name', Values: LIVE }] },
  );
  for await (const page of pages) for (const r of page.Reservations ?? []) raw.push(...(r.Instances ?? []));
  if (raw.length === 0) return { instances: [], types: new Map(), images: new Map() };
  const eips = await elasticIpInstances(ec2, raw);
  const all = raw.map((r) => ({ raw: r, info: toInstanceInfo(r, account, region, eips) }));
  const current = await describeTypes(
    ec2,
    all.map((a) => a.info.type),
  );
  const old = all.filter((a) => needsMigration(a.info, current));
  const successors = await describeTypes(
    ec2,
    old.flatMap((a) => successorCandidates(a.info.type)),
  );
  const types = new Map([...current, ...successors]);
  const images = await describeImageFacts(
    ec2,
    old.map((a) => a.info.imageId ?? ''),
  );
  const instances: FleetInstance[] = [];
  // enaSupport is one call per instance: a few at a time, under the pacer's token buckets.
  for (let i = 0; i < old.length; i += ENA_BATCH) {
    const batch = old.slice(i, i + ENA_BATCH);
    const ena = await Promise.all(batch.map((a) => enaSupportOf(ec2, a.raw)));
    batch.forEach((a, n) => {
      const enaSupport = ena[n] === true;
      instances.push({
        instance: { ...a.info, enaSupport },
        stateReason: a.raw.StateReason?.Code,
        enaSupport,
      });
    });
  }
  return { instances, types, images };
}
