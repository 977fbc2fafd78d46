import type { Account } from '../../src/config/types';
import type { Deps } from '../../src/deps';
import type { Alert, AlertEntity } from '../../src/domain/alert';
import { AUTO_RECOVERY_FAILURE } from '../../src/domain/healthEvent';

/**
 * Whether AWS's simplified automatic recovery will handle this instance, so the bot's own
 * auto-recover must not race it. AWS recovers a running instance on a system status check failure by
 * itself, keeping its public IP, when `MaintenanceOptions.AutoRecovery` is `default` — but not while a
 * service event is listed in the AWS Health Dashboard for the region
 * (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/instance-configuration-recovery.html). A stop +
 * start by the bot meanwhile would interrupt AWS's recovery and change the public IPv4. So: AWS's
 * recovery on and no open public event in the region → the bot waits for AWS's outcome (success:
 * informational; failure: an urgent AWS_EC2_SIMPLIFIED_AUTO_RECOVERY_FAILURE alert, which the bot
 * auto-recovers). When the instance cannot be read, the bot's own auto-recover runs (it was opted in).
 */
export async function awsRecoversIt(
  deps: Deps,
  account: Account,
  a: Alert,
  e: AlertEntity,
): Promise<boolean> {
  if (a.type === AUTO_RECOVERY_FAILURE || !e.instanceId) return false;
  if (await deps.stores.alerts.openPublicNotice(a.account, e.region)) return false;
  try {
    const ec2 = deps.ec2Port(account, e.region, { requester: 'ec2-ops-bot' });
    const [i] = await ec2.instancesById([e.instanceId]);
    return i?.autoRecovery === 'default' && i.state === 'running';
  } catch {
    return false;
  }
}
