import type { OutboxItem } from '../../src/alerts/outbox';
import type { AlertTarget } from '../../src/alerts/route';
import { consoleTail } from '../../src/aws/consoleOutput';
import type { Deps } from '../../src/deps';
import type { Alert } from '../../src/domain/alert';
import type { Logger } from '../../src/logger';
import { consoleTailView } from '../../src/views/alertThread';

const INSTANCE_CHECKS = new Set(['StatusCheckFailed_Instance', 'StatusCheckFailed']);
export const MAX_CONSOLES = 3;

/** For an instance status check failure: the console output tail of the first few instances. */
export async function consoleContext(
  deps: Deps,
  a: Alert,
  target: AlertTarget,
  log: Logger,
): Promise<OutboxItem[]> {
  if (!INSTANCE_CHECKS.has(a.type) || !target.account) return [];
  const items: OutboxItem[] = [];
  for (const e of a.entities.filter((x) => x.instanceId && x.state === 'open').slice(0, MAX_CONSOLES)) {
    const id = e.instanceId as string;
    try {
      const tail = await consoleTail(
        deps.ec2Port(target.account, e.region, { requester: 'ec2-ops-bot' }),
        id,
      );
      items.push({ t: 'reply', alertId: a.id, ...consoleTailView(id, tail) });
    } catch (err) {
      const name = (err as { name?: string }).name ?? 'Error';
      log.warn({ err, instanceId: id }, 'console output unavailable');
      items.push({ t: 'reply', alertId: a.id, ...consoleTailView(id, undefined, `not available (${name})`) });
    }
  }
  return items;
}
