import type { Deps } from '../../src/deps';
import { accountAsgMode } from '../../src/domain/autoScaling';
import { eventButtons } from '../../src/domain/eventAdvice';
import { eventConfirm } from '../../src/domain/opConfirm';
import { opRefSchema } from '../../src/domain/opRef';
import { EVENTS } from '../../src/jobs/events';
import { CATALOG } from '../../src/ops/catalog';
import { defineJob } from '../../src/process/jobDefinition';
import { answer } from '../../src/query/answer';
import { ProgressStream, progressReporter } from '../../src/query/progress';
import { scanEvents } from '../../src/query/scanEvents';
import { accountsOf, checkedOf } from '../../src/query/target';
import { type EventRow, eventsMessages, planEvents, plannedRows } from '../../src/views/events';
import type { ButtonSpec } from '../../src/views/instanceText';

/** `/ec2 events <account|all> [region]`: scheduled events + AWS Health, every account-region at once. */
export const eventsJob = defineJob({
  ...EVENTS,
  create:
    (deps) =>
    async (data, { log }) => {
      const accounts = accountsOf(deps.config, data.accounts);
      const target = { responseUrl: data.responseUrl, public: data.public };
      const title = data.target ?? data.accounts.join(', ');
      // A fleet-wide answer streams: the command's message shows what has arrived, then the answer.
      const stream = accounts.length > 1 ? new ProgressStream(deps, target, log) : undefined;
      const scan = await scanEvents(
        deps,
        accounts,
        data.region,
        { requester: data.requester },
        progressReporter(stream, 'scheduled events', title, (e) => e.code),
      );
      const streamed = await stream?.finish();
      for (const f of scan.failures) log.warn({ failure: f }, 'part of the events scan is missing');
      const report = {
        target: title,
        checked: checkedOf(accounts, data.region),
        now: deps.now(),
        ...scan,
      };
      const plan = planEvents(report, streamed?.pagesLeft);
      const buttons = await storeButtons(deps, plannedRows(plan), report.now, data.channel);
      const sent = await answer(
        deps,
        target,
        eventsMessages(report, plan, (r) => buttons.get(r) ?? []),
        log,
        streamed,
      );
      return { events: scan.rows.length, failures: scan.failures.length, messages: sent };
    },
});

/** Stores one OpRef per button of every shown row; the button carries only the reference id. */
async function storeButtons(
  deps: Deps,
  rows: EventRow[],
  now: Date,
  channel?: string,
): Promise<Map<EventRow, ButtonSpec[]>> {
  const out = new Map<EventRow, ButtonSpec[]>();
  await Promise.all(
    rows.map(async (row) => {
      const specs = await Promise.all(
        eventButtons(row.event, row, now).map(async (a) => {
          const ref = opRefSchema.parse({
            kind: 'op',
            op: a.op,
            account: row.event.account,
            region: row.event.region,
            instanceId: row.event.instanceId,
            eventId: a.eventId,
            notBeforeDeadline: a.notBeforeDeadline,
            label: a.label,
            channel,
            origin: { kind: 'event', id: row.event.eventId ?? row.event.healthArn },
          });
          const account = deps.config.accounts.get(row.event.account);
          const confirm = eventConfirm(
            CATALOG[a.op],
            a.label,
            row,
            row.event.instanceId,
            account && accountAsgMode(account),
          );
          return {
            label: a.label,
            value: await deps.refs.put(ref),
            ...(a.style ? { style: a.style } : {}),
            ...(confirm ? { confirm } : {}),
          };
        }),
      );
      out.set(row, specs);
    }),
  );
  return out;
}
