import type { z } from 'zod';
import type { Operation } from '../config/operations';
import type { ConfirmRule } from '../domain/opConfirm';
import type { StopKind } from '../domain/stopConsequences';

/** The slash command of an operation: `/ec2 <name> <account> <instance> [rest…] [--flags]`. */
export interface CommandSpec {
  /** The first is the name shown in help; the others are aliases (`migrate` for `resize`). */
  names: readonly [string, ...string[]];
  /** Words after `<account> <instance>`, as help shows them (`<type>`). */
  rest?: string;
  /** Flags the command takes besides `--dry-run`. */
  flags?: readonly string[];
  help: string;
  /** The words after `<account> <instance>` and the flags → params; throws AppError(BadInput). */
  parse?(rest: string[], flags: ReadonlySet<string>): Record<string, unknown>;
}

/** The zod schema of an operation's params (an object). */
export type ParamsSchema = z.ZodType<Record<string, unknown>>;

/** The params an entry's schema validates, typed: `ParamsOf<typeof RESIZE>` is `{ targetType: string }`. */
export type ParamsOf<E extends { params: ParamsSchema }> = z.infer<E['params']>;

/**
 * What the web process knows of an operation: no planner, no steps, nothing that reaches AWS. The
 * command table, help, button labels, confirm styling, approval defaults and parameter checks of a
 * request come from here; the operation's spec (src/ops/operations/) adds how it plans and runs.
 */
export interface OperationEntry<P extends ParamsSchema = ParamsSchema> {
  name: Operation;
  /** `instance`: names one instance (locked while it runs); `account`: runs over an account's regions. */
  scope: 'instance' | 'account';
  /** Verb for buttons and titles: `Recover`. */
  label: string;
  /** Stops, reboots, changes or deletes something: its buttons confirm first, styled danger. */
  destructive: boolean;
  /**
   * Whether an account that does not list `approval.required_for` needs an approver for it. A new
   * operation needs approval unless its entry says `false`.
   */
  approvalByDefault?: boolean;
  /** An approver always, whatever `approval.required_for` lists (it changes how AWS itself acts on the fleet). */
  approvalAlways?: boolean;
  /** The kind of stop it is, if it stops the instance: its confirm dialogs say what that costs *this* instance. */
  stops?: StopKind;
  /**
   * The words of its buttons' confirm dialog when it does not stop the instance (events, status and alert
   * buttons alike: src/domain/opConfirm.ts). Neither this nor `stops`: its buttons ask nothing.
   */
  confirm?: ConfirmRule;
  /** The confirm dialog of this operation's button when a failed run offers it (Force stop after a stuck stop). */
  offerConfirm?: string;
  command?: CommandSpec;
  /** Validates params from a command, a button ref or a job (never trusted as they come). */
  params: P;
}

/** Keeps an entry's params schema type (the spec's params are typed by it) while checking it is an entry. */
export const entry = <P extends ParamsSchema>(e: OperationEntry<P>): OperationEntry<P> => e;
