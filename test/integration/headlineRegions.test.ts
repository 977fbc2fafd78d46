import type { EC2Client } from '@aws-sdk/client-ec2';
import type { ServiceClient } from '../../src/aws/clients';
import { accountsYaml, PROD, PROD_ONLY_SPEC, withChanges } from '../helpers/accountsConfig';
import { type Bed, startBed } from '../helpers/bed';
import type { TestBot } from '../helpers/bot';
import type { SlackCall } from '../helpers/fakeSlack';
import { openWindow } from '../helpers/maintenanceWindow';
import type { Moto } from '../helpers/moto';
import { textOf } from '../helpers/ops';
import { ec2ErrorResponse } from '../helpers/throttle';

/**
 * A region AWS throttles is never in a headline's list of searched regions (issue 25): every read-path
 * answer — find, events, status, audit, nitro and a maintenance plan — says "eu-west-1 not searched:
 * throttled" where it names what it searched. EC2 in eu-west-1 answers every request RequestLimitExceeded
 * (an SDK middleware: moto cannot throttle), after the SDK's own retries.
 */
jest.setTimeout(240_000);

const CONFIG = accountsYaml(
  withChanges(PROD_ONLY_SPEC, {
    accounts: {
      prod: { regions: ['us-east-1', 'eu-west-1'], maintenance: { tz: 'UTC', windows: [openWindow(0)] } },
    },
  }),
);
const HEADLINE = 'prod (us-east-1; eu-west-1 not searched: throttled)';

/** Every EC2 request to eu-west-1 is throttled, as AWS answers it. */
const throttleEuWest = (client: ServiceClient, key: { region: string; service: string }): void => {
  if (key.service !== 'ec2' || key.region !== 'eu-west-1') return;
  (client as EC2Client).middlewareStack.add(
    () => async () => ({
      response: ec2ErrorResponse('RequestLimitExceeded', 503),
      output: undefined as never,
    }),
    { step: 'deserialize', priority: 'low', name: 'throttleEuWest' },
  );
};

let moto: Moto;
let bot: TestBot;
let bed: Bed | undefined;

beforeAll(async () => {
  bed = await startBed({ name: 'headline-regions', config: CONFIG, aws: { onClient: throttleEuWest } });
  ({ moto, bot } = bed);
  await moto.launch(PROD, 'us-east-1', { name: 'batch-1', type: 't2.micro' });
});
afterAll(() => bed?.close());

/** The last answer through this command's response_url. */
async function answer(command: string): Promise<string> {
  const { responseUrl } = await bot.command(command, { user: 'U0ALICE', channel: 'C0PRODALERT' });
  const id = responseUrl.split('/').pop();
  const last = (calls: SlackCall[]) =>
    calls.filter((c) => c.method === 'response_url' && c.responseId === id).at(-1);
  // The fan-outs answer once every region settled (a progress line may come first).
  const final = await bot.slack.waitFor(
    (calls) =>
      last(calls) && /not searched|searched/.test(textOf(last(calls)!.body)) ? last(calls) : undefined,
    120_000,
  );
  return textOf(final.body);
}

it.each([
  ['find prod batch-1', '1 instance* match'],
  ['find prod batch-2', 'No instance matches'],
  ['events prod', 'scheduled events'],
  ['status prod', ''],
  ['audit prod', 'Audit — prod'],
  ['nitro prod', 'on the Xen hypervisor'],
])('`/ec2 %s` names eu-west-1 as not searched', async (command, head) => {
  const text = await answer(command);
  expect(text).toContain(head);
  expect(text).toContain(HEADLINE);
  expect(text).not.toContain('us-east-1, eu-west-1');
});

it('a maintenance plan names eu-west-1 as not searched', async () => {
  await bot.command('maintenance plan prod', { user: 'U0ALICE', channel: 'C0PRODALERT' });
  const plan = await bot.slack.waitFor(
    (calls) =>
      calls.find((c) => c.method === 'chat.postMessage' && /Maintenance plan — prod/.test(textOf(c.body))),
    120_000,
  );
  expect(textOf(plan.body)).toContain(`checked ${HEADLINE}`);
  expect(textOf(plan.body)).toContain('*prod/eu-west-1* EC2 scheduled events: throttled by AWS');
});
