import type { Subcommand } from '../../src/domain/command';
import { accounts } from './accounts';
import { audit } from './audit';
import { backup } from './backup';
import { events } from './events';
import { find } from './find';
import { help } from './help';
import { hibernate } from './hibernate';
import { jobs } from './jobs';
import { nitro } from './nitro';
import { reboot } from './reboot';
import { recover } from './recover';
import { resize } from './resize';
import { snapshots } from './snapshots';
import { start } from './start';
import { status } from './status';
import { stop } from './stop';
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
  backup,
  reboot,
  stop,
  start,
  recover,
  hibernate,
  jobs,
};
