import type { Subcommand } from '../../src/domain/command';
import { accounts } from './accounts';
import { backup } from './backup';
import { help } from './help';
import { hibernate } from './hibernate';
import { jobs } from './jobs';
import { reboot } from './reboot';
import { recover } from './recover';
import { start } from './start';
import { stop } from './stop';
import type { CommandHandler } from './types';

/** Subcommands wired so far. A new one adds one line here. */
export const COMMANDS: Partial<Record<Subcommand, CommandHandler>> = {
  help,
  accounts,
  backup,
  reboot,
  stop,
  start,
  recover,
  hibernate,
  jobs,
};
