import type { Subcommand } from '../../src/domain/command';
import { accounts } from './accounts';
import { audit } from './audit';
import { events } from './events';
import { find } from './find';
import { help } from './help';
import { nitro } from './nitro';
import { resize } from './resize';
import { snapshots } from './snapshots';
import { status } from './status';
import type { CommandHandler } from './types';

/** Subcommands wired so far. A new one adds one line here. */
export const COMMANDS: Partial<Record<Subcommand, CommandHandler>> = {
  help,
  accounts,
  events,
  status,
  audit,
  find,
  snapshots,
  resize,
  migrate: resize,
  nitro,
};
