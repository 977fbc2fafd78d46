import type { Operation } from '../../config/operations';
import type { AnyOperationSpec } from '../spec';
import { backup } from './backup';
import { eventWindows } from './eventWindows';
import { forceStop } from './forceStop';
import { hibernate } from './hibernate';
import { reboot } from './reboot';
import { recover } from './recover';
import { reschedule } from './reschedule';
import { resize } from './resize';
import { setMaintenanceOptions } from './setMaintenanceOptions';
import { snapshots } from './snapshots';
import { start } from './start';
import { stop } from './stop';

/**
 * Every operation's spec, by name — total over `Operation`, so a name without a spec (or a spec
 * missing a field) does not compile. The command table, the job registry, the help text and the
 * confirm rules are derived from this table. Each spec is typed by its own params schema; the table
 * holds them as AnyOperationSpec (the machine checks a job's params against the spec's schema).
 */
export const SPECS: Record<Operation, AnyOperationSpec> = {
  backup,
  reboot,
  stop,
  'force-stop': forceStop,
  start,
  recover,
  hibernate,
  resize,
  reschedule,
  snapshots,
  'event-windows': eventWindows,
  'set-maintenance-options': setMaintenanceOptions,
};

export const specOf = (op: Operation): AnyOperationSpec => SPECS[op];
