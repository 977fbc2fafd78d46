import type { App } from '@slack/bolt';
import type { WebDeps } from '../src/deps';
import { parseCommand } from '../src/domain/command';
import { AppError, newCorrelationId } from '../src/errors/appError';
import type { ResponseMessage } from '../src/slack/message';
import { errorView } from '../src/views/error';
import { helpView } from '../src/views/help';
import { esc } from '../src/views/text';
import { COMMANDS, helpLines } from './commands';
import type { CommandInput } from './commands/types';

/** Time the router allows a subcommand before it acks anyway (Slack's limit is 3 s). */
const ACK_BUDGET_MS = 2000;

/** Routes `/ec2 <subcommand>`: parse, dispatch, ack with the subcommand's answer — never a stack trace. */
export async function routeCommand(
  input: Omit<CommandInput, 'parsed'> & { text: string },
  deps: WebDeps,
): Promise<ResponseMessage> {
  const parsed = parseCommand(input.text);
  const command = COMMANDS.get(parsed.sub);
  const log = deps.log.child({ cid: input.correlationId, user: input.userId, sub: command?.names[0] });
  const count = (outcome: string): void => {
    deps.metrics.commands.inc({ subcommand: command?.names[0] ?? 'unknown', outcome });
  };
  if (!command) {
    count('unknown');
    return {
      ...helpView(helpLines(), `Unknown subcommand \`${esc(parsed.sub)}\`. Here is what I know:`),
      response_type: 'ephemeral',
    };
  }
  try {
    // Accounts discovered by another process since the last command (one GET, at most once a second),
    // inside the ack budget like the subcommand itself.
    const answer = await withTimeout(
      deps.registry.syncOrKeep(log).then(() => command.run({ ...input, parsed }, deps)),
      ACK_BUDGET_MS,
    );
    log.info({ outcome: 'ok' }, 'command');
    count('ok');
    return answer;
  } catch (err) {
    const safe = err instanceof AppError && err.userMessage;
    log[safe ? 'info' : 'error']({ err, outcome: safe ? 'rejected' : 'error' }, 'command');
    count(safe ? 'rejected' : 'error');
    return { ...errorView(err, input.correlationId), response_type: 'ephemeral' };
  }
}

export function registerCommand(app: App, deps: WebDeps): void {
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
