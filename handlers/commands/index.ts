import { CATALOG } from '../../src/ops/catalog';
import { helpView } from '../../src/views/help';
import { accounts } from './accounts';
import { audit } from './audit';
import { events } from './events';
import { find } from './find';
import { jobs } from './jobs';
import { maintenance } from './maintenance';
import { mutes } from './mutes';
import { nitro } from './nitro';
import { operationCommand } from './operation';
import { snapshots } from './snapshots';
import { status } from './status';
import type { Command } from './types';

const help: Command = {
  names: ['help'],
  usage: '',
  help: 'this list',
  run: async () => ({ ...helpView(commandList()), response_type: 'ephemeral' }),
};

/**
 * Every subcommand, in the order help lists them: the read commands, then one per operation that has a
 * command (derived from its spec), then the rest. A new read command adds one line here; a new
 * operation adds nothing (its spec's `command` is enough).
 */
export const COMMAND_LIST: Command[] = [
  help,
  accounts,
  events,
  status,
  find,
  audit,
  ...Object.values(CATALOG)
    .map(operationCommand)
    .filter((c): c is Command => !!c),
  nitro,
  snapshots,
  maintenance,
  jobs,
  mutes,
];

function commandList(): { usage: string; help: string }[] {
  return COMMAND_LIST.map((c) => ({
    usage: `/ec2 ${c.names.join('|')}${c.usage ? ` ${c.usage}` : ''}`,
    help: c.help,
  }));
}

/** Subcommand word (and alias) → its command. */
export const COMMANDS: ReadonlyMap<string, Command> = new Map(
  COMMAND_LIST.flatMap((c) => c.names.map((n) => [n, c] as const)),
);

export const helpLines = commandList;
