import type { Actor } from '../../src/aws/clients';
import type { Deps } from '../../src/deps';
import { accountAsgMode, asgConfirmOf } from '../../src/domain/autoScaling';
import { opConfirm } from '../../src/domain/opConfirm';
import { opRefSchema } from '../../src/domain/opRef';
import { checkActions, checkKind, lastLines } from '../../src/domain/statusChecks';
import { awsErrorName } from '../../src/errors/aws';
import { STATUS } from '../../src/jobs/status';
import { CATALOG } from '../../src/ops/catalog';
import { defineJob } from '../../src/process/jobDefinition';
import { answer } from '../../src/query/answer';
import { ProgressStream, progressReporter } from '../../src/query/progress';
import { scanStatus } from '../../src/query/scanStatus';
import { accountsOf, checkedOf } from '../../src/query/target';
import type { ButtonSpec } from '../../src/views/instanceText';
import { MAX_PAGES } from '../../src/views/pages';
import {
  type ConsoleTail,
  consoleMessage,
  plannedStatusRows,
  planStatus,
  type StatusRow,
  statusMessages,
} from '../../src/views/status';

/** Console tails fetched at most (one follow-up message holds them). */
const MAX_CONSOLES = 8;
const CONSOLE_LINES = 20;

/** `/ec2 status <account|all> [region]`: instances whose system, instance or attached-EBS check fails, with meaning. */
export const statusJob = defineJob({
  ...STATUS,
  create:
    (deps) =>
    async (data, { log }) => {
      const accounts = accountsOf(deps.config, data.accounts);
      const actor = { requester: data.requester };
      const target = { responseUrl: data.responseUrl, public: data.public };
      const title = data.target ?? data.accounts.join(', ');
      // A fleet-wide answer streams: the command's message shows what has arrived, then the answer.
      const stream = accounts.length > 1 ? new ProgressStream(deps, target, log) : undefined;
      const { rows, noData, failures, skippedEmpty } = await scanStatus(
        deps,
        accounts,
        data.region,
        actor,
        progressReporter(stream, 'failing status checks', title, (r) => checkKind(r.checks)),
      );
      const streamed = await stream?.finish();
      const pages = streamed?.pagesLeft ?? MAX_PAGES;
      for (const f of failures) log.warn({ failure: f }, 'part of the status scan is missing');
      const report = {
        target: title,
        checked: checkedOf(accounts, data.region),
        rows,
        noData,
        failures,
        skippedEmpty,
      };
      const osFailures = rows.filter((r) => checkKind(r.checks) === 'instance' && r.instance);
      const plan = planStatus(report, osFailures.length ? pages - 1 : pages);
      const shown = plannedStatusRows(plan);
      const [buttons, consoles] = await Promise.all([
        storeButtons(deps, shown, data.channel),
        consoleTails(deps, shown.filter((r) => osFailures.includes(r)).slice(0, MAX_CONSOLES), actor),
      ]);
      const messages = statusMessages(report, plan, (r) => buttons.get(r) ?? []);
      if (consoles.length) messages.push(consoleMessage(consoles, CONSOLE_LINES));
      await answer(deps, target, messages, log, streamed);
      return { failing: rows.length, failures: failures.length };
    },
});

async function consoleTails(deps: Deps, rows: StatusRow[], actor: Actor): Promise<ConsoleTail[]> {
  return Promise.all(
    rows.map(async (row) => {
      const account = deps.config.accounts.get(row.checks.account);
      if (!account) return { row, error: 'unknown account' };
      try {
        const ec2 = deps.ec2Port(account, row.checks.region, actor);
        const text = await ec2.consoleOutput(row.checks.instanceId);
        return { row, lines: lastLines(text, CONSOLE_LINES) };
      } catch (err) {
        return { row, error: awsErrorName(err) };
      }
    }),
  );
}

async function storeButtons(deps: Deps, rows: StatusRow[], channel?: string) {
  const out = new Map<StatusRow, ButtonSpec[]>();
  const asgMode = (alias: string) => {
    const account = deps.config.accounts.get(alias);
    return account && accountAsgMode(account);
  };
  for (const row of rows) {
    const specs = [];
    for (const a of checkActions(row.checks, row.instance)) {
      const ref = opRefSchema.parse({
        kind: 'op',
        op: a.op,
        account: row.checks.account,
        region: row.checks.region,
        instanceId: row.checks.instanceId,
        label: a.label,
        channel,
        origin: { kind: 'command' },
      });
      const confirm = opConfirm(
        CATALOG[a.op],
        row.instance,
        row.checks.instanceId,
        {
          instanceStore: row.facts?.instanceStore,
          spotType: row.instance?.spotType,
          asgConfirm: row.instance ? asgConfirmOf(row.instance, asgMode(row.checks.account)) : undefined,
        },
        { label: a.label },
      );
      specs.push({ label: a.label, value: await deps.refs.put(ref), ...(confirm ? { confirm } : {}) });
    }
    out.set(row, specs);
  }
  return out;
}
