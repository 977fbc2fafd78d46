import type { App } from '@slack/bolt';
import type { Deps } from '../src/deps';
import { isSubcommand, parseCommand } from '../src/domain/command';
import { AppError, newCorrelationId, userFacing } from '../src/errors';
import type { ResponseMessage } from '../src/slack/message';
import { helpView } from '../src/views/help';
import { esc } from '../src/views/text';
import { COMMANDS } from './commands';
import type { CommandInput } from './commands/types';

/** Time the router allows a subcommand before it acks anyway (Slack's limit is 3 s). */
const ACK_BUDGET_MS = 2000;

/** Routes `/ec2 <subcommand>`: parse, dispatch, ack with the subcommand's answer — never a stack trace. */
export async function routeCommand(
  input: Omit<CommandInput, 'parsed'> & { text: string },
  deps: Deps,
): Promise<ResponseMessage> {
  const parsed = parseCommand(input.text);
  const log = deps.log.child({ cid: input.correlationId, user: input.userId, sub: parsed.sub });
  const count = (outcome: string): void => {
    deps.metrics.commands.inc({ subcommand: isSubcommand(parsed.sub) ? parsed.sub : 'unknown', outcome });
  };
  if (!isSubcommand(parsed.sub)) {
    count('unknown');
    return {
      ...helpView(`Unknown subcommand \`${esc(parsed.sub)}\`. Here is what I know:`),
      response_type: 'ephemeral',
    };
  }
  const handler = COMMANDS[parsed.sub];
  if (!handler) {
    count('unavailable');
    return {
      text: `\`/ec2 ${parsed.sub}\` is not available yet in this version.`,
      response_type: 'ephemeral',
    };
  }
  try {
    const answer = await withTimeout(handler({ ...input, parsed }, deps), ACK_BUDGET_MS);
    log.info({ outcome: 'ok' }, 'command');
    count('ok');
    return answer;
  } catch (err) {
    const safe = err instanceof AppError && err.userMessage;
    log[safe ? 'info' : 'error']({ err, outcome: safe ? 'rejected' : 'error' }, 'command');
    count(safe ? 'rejected' : 'error');
    return { text: `:warning: ${userFacing(err, input.correlationId)}`, response_type: 'ephemeral' };
  }
}

export function registerCommand(app: App, deps: Deps): void {
  app.command('/ec2', async ({ command, ack }) => {
    const answer = await routeCommand(
      {
        text: command.text ?? '',
        userId: command.user_id,
        channelId: command.channel_id,
        teamId: command.team_id,
        responseUrl: command.response_url,
        triggerId: command.trigger_id,
        correlationId: newCorrelationId(),
      },
      deps,
    );
    await ack(answer);
  });
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`handler took over ${ms} ms`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}
