import type { Subcommand } from '../../src/domain/command';
import { accounts } from './accounts';
import { help } from './help';
import { nitro } from './nitro';
import { resize } from './resize';
import { snapshots } from './snapshots';
import type { CommandHandler } from './types';

/** Subcommands wired so far. A new one adds one line here. */
export const COMMANDS: Partial<Record<Subcommand, CommandHandler>> = {
  help,
  accounts,
  snapshots,
  resize,
  migrate: resize,
  nitro,
};
