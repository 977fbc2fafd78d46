import { describeInstances } from '../aws/instances';
import type { Account } from '../config/types';
import type { Deps } from '../deps';
import type { InstanceInfo } from '../domain/instance';
import { AppError, ErrorCode } from '../errors/appError';
import { esc } from '../views/text';

/** Re-reads one instance (the request may be old); gone → a plain "no instance" answer. */
export async function loadInstance(
  deps: Deps,
  account: Account,
  region: string,
  instanceId: string,
  requester?: string,
): Promise<InstanceInfo> {
  if (!account.regions.includes(region)) {
    throw new AppError(ErrorCode.BadInput, `Region ${esc(region)} is not configured for ${account.alias}.`);
  }
  const ec2 = deps.aws.ec2(account, region, { requester });
  const found = await describeInstances(ec2, account.alias, region, { instanceIds: [instanceId] }).catch(
    (err: unknown) => {
      if ((err as { name?: string }).name === 'InvalidInstanceID.NotFound') return [];
      throw err;
    },
  );
  const i = found[0];
  if (!i || i.state === 'terminated') {
    throw new AppError(
      ErrorCode.UnknownInstance,
      `No instance ${esc(instanceId)} in ${account.alias} (region ${esc(region)}).`,
    );
  }
  return i;
}
