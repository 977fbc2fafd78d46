import type { Deps } from '../deps';
import type { OperationRequest } from './spec';

/** Audits a request and what became of it (accepted, awaiting-approval, refused, blocked, dry-run). */
export function recordRequest(
  deps: Deps,
  req: OperationRequest,
  result: string,
  detail: Record<string, unknown>,
): Promise<void> {
  return deps.audit.record({
    kind: 'request',
    actor: req.requester,
    action: req.op,
    account: req.account,
    region: req.region,
    instanceId: req.instanceId,
    result,
    correlationId: req.correlationId,
    detail: { ...detail, origin: req.origin?.kind, label: req.label, dryRun: req.dryRun || undefined },
  });
}
