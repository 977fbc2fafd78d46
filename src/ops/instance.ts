import type { Actor } from '../aws/clients';
import type { Account } from '../config/types';
import type { Deps } from '../deps';
import { INSTANCE_ID, type InstanceInfo } from '../domain/instance';
import { AppError, ErrorCode } from '../errors/appError';
import { classifyAwsError } from '../errors/aws';
import { esc } from '../views/text';

/** Re-reads one instance (the request may be old); gone → a plain "no instance" answer. */
export async function loadInstance(
  deps: Pick<Deps, 'ec2Port'>,
  account: Account,
  region: string,
  instanceId: string,
  requester?: string,
): Promise<InstanceInfo> {
  if (!account.regions.includes(region)) {
    throw new AppError(ErrorCode.BadInput, `Region ${esc(region)} is not configured for ${account.alias}.`);
  }
  const ec2 = deps.ec2Port(account, region, { requester });
  const found = await ec2.instancesById([instanceId]).catch((err: unknown) => {
    if ((err as { name?: string }).name === 'InvalidInstanceID.NotFound') return [];
    throw err;
  });
  const i = found[0];
  if (!i || i.state === 'terminated') {
    throw new AppError(
      ErrorCode.UnknownInstance,
      `No instance ${esc(instanceId)} in ${account.alias} (region ${esc(region)}).`,
    );
  }
  return i;
}

const LIVE_STATES = ['pending', 'running', 'stopping', 'stopped', 'shutting-down'];

/** Matches by id (`i-…`) or Name tag (`*` wildcards) in every given region, in parallel. */
export async function findInstances(
  deps: Pick<Deps, 'ec2Port'>,
  account: Account,
  regions: string[],
  ref: string,
  actor: Actor = {},
): Promise<InstanceInfo[]> {
  const byId = INSTANCE_ID.test(ref);
  const found = await Promise.all(
    regions.map(async (region) => {
      const ec2 = deps.ec2Port(account, region, actor);
      try {
        return byId
          ? await ec2.instancesById([ref])
          : await ec2.instancesMatching({ name: ref, states: LIVE_STATES });
      } catch (err) {
        if (byId && classifyAwsError(err) === 'not-found') return [];
        throw err;
      }
    }),
  );
  return found.flat();
}

/** Exactly one instance, or a clear answer: unknown (with the regions looked in) or the candidates. */
export async function resolveInstance(
  deps: Pick<Deps, 'ec2Port'>,
  account: Account,
  regions: string[],
  ref: string,
  actor?: Actor,
): Promise<InstanceInfo> {
  const matches = await findInstances(deps, account, regions, ref, actor);
  if (matches.length === 0) {
    throw new AppError(
      ErrorCode.UnknownInstance,
      `No instance ${ref} in ${account.alias} (regions ${regions.join(', ')}).`,
    );
  }
  if (matches.length > 1) {
    const list = matches
      .slice(0, 10)
      .map((m) => `${m.name ?? ''} ${m.id} (${m.region}, ${m.state})`)
      .join('; ');
    throw new AppError(
      ErrorCode.AmbiguousInstance,
      `${matches.length} instances match "${ref}" in ${account.alias}: ${list}. Use the instance id.`,
    );
  }
  return matches[0]!;
}
