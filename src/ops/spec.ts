import type { z } from 'zod';
import type { Ec2Ops, StatusChecks } from '../aws/ec2Ops';
import type { Operation } from '../config/operations';
import type { Account } from '../config/types';
import type { Deps } from '../deps';
import type { InstanceInfo } from '../domain/instance';
import type { DryRunCheck, OperationPlan } from '../domain/operationPlan';
import type { OpJobData } from '../jobs/opJob';
import type { Logger } from '../logger';
import type { SlackMessage } from '../slack/message';
import type { OperationEntry, ParamsSchema } from './entry';

/** An operation's params before its spec is known: what the machine and the tables hold. */
export type Params = Record<string, unknown>;

/**
 * A job's data with its params as its spec's schema types them. The planner's come from paramsOf
 * (src/ops/request.ts); a job's are checked again by the machine before any step reads them (they
 * come back from Redis).
 */
export type JobData<P = Params> = Omit<OpJobData, 'params'> & { params: P };

/** A request for an operation, from a command, a button, an alert or a timer. Runs in a job, never in web. */
export interface OperationRequest {
  op: Operation;
  account: string;
  /** Instance operations name one instance; account-level ones (`snapshots`) leave these out. */
  region?: string;
  instanceId?: string;
  requester: string;
  /** Set when policy allows running without a second person (one-tap recover, auto-recover). */
  preApproved?: { by: string; reason: 'one-tap-recover' | 'auto-recover' | 'no-approval-required' };
  params?: Record<string, unknown>;
  dryRun?: boolean;
  /** Where to post the plan/progress message; default: the account's alert channel. */
  channel?: string;
  threadTs?: string;
  responseUrl?: string;
  origin?: { kind: 'command' | 'event' | 'alert' | 'auto' | 'maintenance'; id?: string };
  correlationId: string;
  /** The words of the button that asked for it, when not the spec's label (src/config/operations.ts). */
  label?: string;
  /** Slack trigger / action id: a repeated delivery of the same request starts one job. */
  idempotencyKey?: string;
}

export interface OperationStarted {
  /** Approval id when waiting for approval, else the job id. */
  id: string;
  /** `blocked`: the plan has blockers; the requester was told why (and offered alternatives). */
  state: 'awaiting-approval' | 'queued' | 'dry-run' | 'blocked' | 'linked';
}

/** What a planner reads with: the instance re-read for this plan, and EC2 of its region as the requester. */
export interface PlanContext<P = Params> {
  deps: Deps;
  account: Account;
  req: OperationRequest;
  /**
   * Validated `req.params`. A planner may pin what the run must do as the plan showed it (an Auto
   * Scaling member's handling: src/ops/asgMode.ts); the pinned params are what is approved and run.
   */
  params: P;
  instance?: InstanceInfo;
  /** EC2 of the instance's region (instance operations). */
  ec2?: Ec2Ops;
}

/** What a step works with: the job's data, the instance's EC2, its saved outputs, progress and audit. */
export interface StepContext<P = Params> {
  deps: Deps;
  data: JobData<P>;
  account: Account;
  /** EC2 of the job's region as requester + approver (instance operations). */
  ec2: Ec2Ops;
  /** EC2 of another region of the account (account-level operations). */
  ec2For(region: string): Ec2Ops;
  log: Logger;
  jobId: string;
  /** Outputs of every step done so far, saved with the job (job.updateData) after each step. */
  outputs: Record<string, unknown>;
  /**
   * Could an earlier attempt (a retry, or a crashed worker) have done this step's side effect? Only the
   * step an attempt resumes at can: later steps never started. When false, a step need not read AWS first.
   */
  mayHaveRun: boolean;
  /** The last status read in this attempt, dropped at every mutating call (saves a Describe per step). */
  lastChecks?: StatusChecks;
  /** A progress line in the operation's thread (best effort, in order, off the critical path). */
  note(text: string): void;
  /** A progress message (Block Kit) in the operation's thread; resolves with its ts (best effort). */
  post(message: SlackMessage): Promise<string | undefined>;
  /** Saves outputs now, mid-step (a long step that must not redo its side effects on resume). */
  save(patch: Record<string, unknown>): Promise<void>;
  /** A mutating AWS call: audited (who, what, result) and its failure turned into a safe AppError. */
  call<T>(action: string, fn: () => Promise<T>): Promise<T>;
  /** One audit entry for something a step did besides an AWS call. */
  audit(action: string, result: string, detail?: Record<string, unknown>): Promise<void>;
}

export interface Step<P = Params> {
  name: string;
  /** What the step does, in words for a failure message (`creating snapshots in us-east-1`); default: name. */
  label?: string;
  /** Progress line posted in the thread once the step is done (none when absent). */
  done?: string | ((out: Record<string, unknown>) => string | undefined);
  /**
   * A step whose effect AWS state cannot show (a reboot): marked pending before the call, and skipped
   * on resume if the mark is there — at most once rather than twice.
   */
  once?: boolean;
  /** Reads AWS state first when `ctx.mayHaveRun`, so a retry never does the side effect twice. */
  run(ctx: StepContext<P>): Promise<Record<string, unknown> | undefined>;
}

/** How an operation ended, for its summary. */
export type Outcome = 'done' | 'failed' | 'rolled-back' | 'rollback-failed';

/**
 * How a run ended. A run that ended done ran with its params checked; a rollback may be one salvaged
 * without the job's data (src/ops/salvage.ts), whose params are whatever was left: `Partial`.
 */
export type RunResult<P = Params> = RunEnd &
  ({ outcome: 'done'; data: JobData<P> } | { outcome: Exclude<Outcome, 'done'>; data: JobData<Partial<P>> });

interface RunEnd {
  outputs: Record<string, unknown>;
  /** The safe failure text (failed, rolled-back, rollback-failed). */
  failure?: string;
  /** The step that failed. */
  failedStep?: string;
  /** The safe text of the rollback's own failure (rollback-failed). */
  rollbackFailure?: string;
  /** Operations the failure offers as buttons on the message (a stuck stop → `force-stop`). */
  offer?: readonly string[];
}

/**
 * How one operation plans and runs: its catalog entry (command, help, label, destructive, approval
 * default, params — src/ops/catalog/, all the web process loads) plus its planner, its EC2 DryRun
 * checks, its steps and rollback steps, and the summary of a finished run. The job registry is derived
 * from these (src/ops/operations/index.ts). `S` is the entry's params schema: the planner, the steps
 * and the summary read the params it validates, typed (`OperationSpec<typeof RESIZE.params>`).
 */
export interface OperationSpec<S extends ParamsSchema = ParamsSchema> extends OperationEntry<S> {
  plan(ctx: PlanContext<z.infer<S>>): Promise<OperationPlan>;
  /** EC2's DryRun of the mutating calls (nothing changes). Absent: the plan is the dry run. */
  dryRun?(ctx: PlanContext<z.infer<S>>): Promise<DryRunCheck[]>;
  steps(data: JobData<z.infer<S>>, account: Account): Step<z.infer<S>>[];
  /** Steps that put things back when a step at or after `from` fails for good. */
  rollback?: { from: string; steps: Step<Partial<z.infer<S>>>[] };
  /**
   * When the job was lost (BullMQ gave up on it, or Redis forgot it) mid-way: `resume` runs it again
   * from where it stopped (its steps read AWS first, so nothing is done twice); `rollback` runs the
   * rollback steps; `report` only says in Slack what state the instance is in and how to finish.
   */
  afterLoss: 'resume' | 'rollback' | 'report';
  /** Lock scope of account-level operations (instance operations lock their instance). */
  lock?: { region: string; id: string };
  /**
   * The message's body once the run ended: what changed (new IP, type, AMI id). Undefined: the
   * machine's default (the safe failure text when it failed).
   */
  summary(result: RunResult<z.infer<S>>): string | undefined;
}

/**
 * Any operation's spec, whatever its params: the SPECS table, the job registry, requests and the
 * machine hold these and pass params through as they are (the machine checks a job's params against the
 * spec's own schema before its steps run). A typed spec is one: TypeScript compares methods' parameters
 * both ways.
 */
export type AnyOperationSpec = OperationSpec;
