import type { WebDeps } from '../../src/deps';
import type { ParsedCommand } from '../../src/domain/command';
import type { ResponseMessage } from '../../src/slack/message';

/** What a subcommand sees of the slash command. Built from a signature-verified request. */
export interface CommandInput {
  parsed: ParsedCommand;
  userId: string;
  channelId: string;
  teamId: string;
  responseUrl: string;
  triggerId: string;
  correlationId: string;
}

/** A subcommand: validates, enqueues if there is work, and returns the immediate (ack) answer. */
export type CommandHandler = (input: CommandInput, deps: WebDeps) => Promise<ResponseMessage>;

/** One row of the command table: its words (the first is shown), what help says, and its handler. */
export interface Command {
  names: readonly [string, ...string[]];
  /** Arguments as help shows them: `<account|all> [region]`. */
  usage: string;
  help: string;
  run: CommandHandler;
}
