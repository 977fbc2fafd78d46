import { DescribeInstancesCommand } from '@aws-sdk/client-ec2';
import { accountsYaml, PROD, STAGING } from './accountsConfig';
import type { TestBot } from './bot';
import type { Moto } from './moto';
import { approvalMessage, buttonPayload } from './ops';

/** prod needs approval for stop/recover/hibernate/reboot (default); staging needs none and lets self-approve. */
export const OPS_CONFIG = accountsYaml({
  defaults: { regions: ['us-east-1'], approval_ttl_minutes: 30 },
  accounts: {
    prod: {
      id: PROD,
      regions: ['us-east-1', 'eu-west-1'],
      alert_channel: 'C0PRODALERT',
      oncall: ['U0ONCALL'],
      operators: ['U0ALICE', 'U0BOB', 'U0ONCALL'],
      approvers: ['U0BOB', 'S0LEADS'],
      snapshots: { create: false, daily_days: 30, monthly_months: 7 },
    },
    staging: {
      id: STAGING,
      regions: ['us-east-1'],
      alert_channel: 'C0STAGEALERT',
      operators: ['U0ALICE'],
      approvers: ['U0ALICE'],
      approval: { required_for: [], self_approve: true },
    },
  },
});
export { PROD, STAGING };

/** Helpers over one test bot and moto: instance state, button presses, answers, message updates. */
export function opsHelpers(get: () => { bot: TestBot; moto: Moto }) {
  const state = async (account: string, id: string, region = 'us-east-1'): Promise<string | undefined> => {
    const ec2 = await get().moto.ec2(account, region);
    const out = await ec2.send(new DescribeInstancesCommand({ InstanceIds: [id] }));
    return out.Reservations?.[0]?.Instances?.[0]?.State?.Name;
  };
  const press = (
    actionId: string,
    value: string,
    user: string,
    msg: { channel: string; ts: string },
    extra: Partial<Parameters<typeof buttonPayload>[0]> = {},
  ) => {
    const { bot } = get();
    return bot.action(
      buttonPayload({
        actionId,
        value,
        user,
        channel: msg.channel,
        ts: msg.ts,
        responseUrl: bot.slack.responseUrl(),
        ...extra,
      }),
    );
  };
  const answerTo = (responseUrl: string) =>
    get().bot.slack.waitFor((calls) =>
      calls.find((c) => c.method === 'response_url' && c.responseId === responseUrl.split('/').pop()),
    );
  const updatesOf = (ts: string) =>
    get()
      .bot.slack.callsOf('chat.update')
      .filter((c) => c.body.ts === ts);
  const requestAndApprove = async (cmd: string, instanceId: string, approver = 'U0BOB') => {
    const { bot } = get();
    await bot.command(cmd, { user: 'U0ALICE' });
    const msg = await approvalMessage(bot, instanceId);
    const res = await press('ec2.approval.approve', msg.approvalId, approver, msg);
    if (res.status !== 200) throw new Error(`approve answered ${res.status}`);
    return msg;
  };
  return { state, press, answerTo, updatesOf, requestAndApprove };
}
