/**
 * What an operation will do, shown in the plan / approval message. `blockers` non-empty → no Approve
 * button. Built by the operation's spec (src/ops/operations/); re-built when an approver approves
 * (the instance may have changed since the request). Text is unescaped: views escape. Pure model.
 */
export interface OperationPlan {
  title: string;
  steps: string[];
  /** What this instance will lose or change (public IP, instance store, ASG, Spot …). */
  warnings: string[];
  blockers: string[];
  /** Extra checklist lines (resize preflight: pass / warn / block). */
  checklist?: { status: 'pass' | 'warn' | 'block'; text: string }[];
  /**
   * The confirm dialog's text on the Approve / Run button: what this instance loses, short (Slack shows
   * 300 characters). Absent: the title and the warnings.
   */
  confirm?: string;
  /** Operations to offer instead when blocked (hibernate not configured → stop). */
  offer?: string[];
}

/** One EC2 DryRun check: would the role be allowed to make this call now? */
export interface DryRunCheck {
  call: string;
  result: 'allowed' | 'denied' | 'wrong-state' | 'error';
  detail?: string;
}
