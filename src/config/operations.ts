import { z } from 'zod';

/**
 * Every operation the bot runs, by name: the one list config (`approval.required_for`), button refs and
 * job names are checked against. Each name has exactly one spec in src/ops/operations/ — the registry
 * there is a total `Record<Operation, AnyOperationSpec>`, so a name without a spec does not compile.
 */
export const OPERATIONS = [
  'backup',
  'reboot',
  'stop',
  'force-stop',
  'start',
  'recover',
  'hibernate',
  'resize',
  'reschedule',
  'snapshots',
  'event-windows',
  'set-maintenance-options',
] as const;
export type Operation = (typeof OPERATIONS)[number];

/**
 * The words of the button (or command) that asked for an operation: "Stop/Start now" runs `recover`, and
 * is called "Stop/Start now" in its approval, thread, result, `/ec2 jobs` and audit — never "Recover".
 */
export const opLabelSchema = z.string().min(1).max(75);

export const isOperation = (s: string): s is Operation => (OPERATIONS as readonly string[]).includes(s);
