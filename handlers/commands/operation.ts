import { resolveAccounts } from '../../src/domain/accounts';
import { AppError, ErrorCode } from '../../src/errors/appError';
import { OP_PLAN } from '../../src/jobs/opPlan';
import type { OperationEntry } from '../../src/ops/entry';
import { code, esc } from '../../src/views/text';
import { enqueueQuery } from './enqueueQuery';
import type { Command } from './types';

/** `<account> <instance> [<type>] [--dry-run] [--reboot]`, as help and usage errors show it. */
export const operationUsage = (spec: OperationEntry): string =>
  [
    '<account> <instance>',
    spec.command?.rest,
    '[--dry-run]',
    ...(spec.command?.flags ?? []).map((f) => `[--${f}]`),
  ]
    .filter(Boolean)
    .join(' ');

/**
 * The slash command of an operation, derived from its spec: checks the words, acks at once and leaves
 * the rest (instance lookup, policy, plan) to the `op-plan` job — no AWS call before the ack.
 */
export function operationCommand(spec: OperationEntry): Command | undefined {
  const cmd = spec.command;
  if (!cmd) return undefined;
  const usage = operationUsage(spec);
  const aliases = cmd.names.slice(1);
  const usageText = `Usage: \`/ec2 ${cmd.names[0]} ${usage}\`${aliases.length ? ` (alias ${aliases.map((a) => `\`${a}\``).join(', ')})` : ''}.`;
  return {
    names: cmd.names,
    usage,
    help: cmd.help,
    async run(input, deps) {
      const [accountName, ref, ...rest] = input.parsed.args;
      if (!accountName || !ref) throw new AppError(ErrorCode.BadInput, usageText);
      const [account] = resolveAccounts(deps.config, accountName, { allowAll: false });
      const params = cmd.parse ? cmd.parse(rest, input.parsed.flags) : {};
      const dryRun = input.parsed.flags.has('dry-run');
      await enqueueQuery(deps, input, OP_PLAN, {
        op: spec.name,
        account: account!.alias,
        ref,
        dryRun,
        params,
        origin: { kind: 'command' },
        triggerId: input.triggerId || undefined,
      });
      const what = Object.values(params).filter((v) => typeof v === 'string');
      return {
        text: `${dryRun ? 'Dry run: planning' : 'Planning'} ${spec.name} of ${code(ref)}${what.length ? ` → ${code(what.join(' '))}` : ''} in ${esc(account!.alias)}…`,
        response_type: 'ephemeral',
      };
    },
  };
}
