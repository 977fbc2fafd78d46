import { readAlertCounters } from '../../src/alerts/counters';
import { accountsYaml, withChanges } from '../helpers/accountsConfig';
import { alarmEvent, newInstanceId } from '../helpers/alertEvents';
import { postEvent, postsTo, shownIn } from '../helpers/alertsKit';
import { type Bed, FAST_ALERTS, startBed } from '../helpers/bed';
import { type TestBot, TWO_ACCOUNTS_SPEC } from '../helpers/bot';
import type { Moto } from '../helpers/moto';

/**
 * Context in alerts that needs instance data (moto: GetConsoleOutput through the account's assumed
 * role) and routing of accounts the config does not know. Slack is the fake.
 */
const CONFIG = accountsYaml(
  withChanges(TWO_ACCOUNTS_SPEC, { defaults: { default_alert_channel: 'C0DEFAULTAL' } }),
);

let moto: Moto;
let bot: TestBot;
let bed: Bed | undefined;
beforeAll(async () => {
  bed = await startBed({ name: 'alerts-context', config: CONFIG, env: FAST_ALERTS });
  ({ moto, bot } = bed);
});
afterAll(() => bed?.close());

const now = () => new Date().toISOString();
const has = (c: { body: unknown }, s: string) => JSON.stringify(c.body).includes(s);

it('an instance status check failure brings the console output tail (escaped) into the thread', async () => {
  const [id] = await moto.launch('111111111111', 'us-east-1', { name: 'web-1' });
  const missing = newInstanceId();
  await postEvent(
    bot.url,
    alarmEvent({ instanceId: id as string, value: 'ALARM', at: now(), metric: 'StatusCheckFailed_Instance' }),
  );
  await postEvent(
    bot.url,
    alarmEvent({ instanceId: missing, value: 'ALARM', at: now(), metric: 'StatusCheckFailed_Instance' }),
  );
  const post = await bot.slack.waitFor((c) => shownIn(c, 'C0PRODALERT').find((p) => has(p, id as string)));
  expect(has(post, 'out of memory')).toBe(true);
  const tail = await bot.slack.waitFor((c) =>
    c.find((x) => x.body.thread_ts && has(x, `Console output tail of \`${id}\``)),
  );
  expect(tail.body.text).toContain('Kernel command line: root=/dev/sda1');
  expect(tail.body.text).toContain('```');
  const none = await bot.slack.waitFor((c) =>
    c.find((x) => x.body.thread_ts && has(x, `Console output of \`${missing}\``)),
  );
  expect(none.body.text).toMatch(/not available \(InvalidInstanceID\.NotFound\)/);
});

it('an account id not in the config goes to defaults.default_alert_channel, without buttons, and is counted', async () => {
  const id = newInstanceId();
  const before = (await readAlertCounters(bot.deps))['unknown-account'] ?? 0;
  await postEvent(
    bot.url,
    alarmEvent({ instanceId: id, value: 'ALARM', at: now(), account: '999999999999' }),
  );
  const post = await bot.slack.waitFor((c) => postsTo(c, 'C0DEFAULTAL').find((p) => has(p, id)));
  expect(post.body.text).toContain('unknown 999999999999');
  expect(has(post, 'ec2.op')).toBe(false);
  expect((await readAlertCounters(bot.deps))['unknown-account']).toBe(before + 1);
});
