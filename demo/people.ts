/** The three people of the demo workspace and the roles the demo accounts config gives them. */
export interface DemoUser {
  id: string;
  name: string;
  realName: string;
  /** What the switcher says this person may do. */
  role: string;
}

export const USERS: DemoUser[] = [
  { id: 'U0ALICE', name: 'alice', realName: 'Alice (requester)', role: 'operator: requests operations' },
  { id: 'U0BOB', name: 'bob', realName: 'Bob (approver)', role: 'approver of prod' },
  { id: 'U0CAROL', name: 'carol', realName: 'Carol (on-call)', role: 'on-call: one-tap Recover on alerts' },
];

/** User-group handles, as Slack shows `<!subteam^S…>`. */
export const GROUP_HANDLES: Record<string, string> = { S0ONCALL: 'oncall', S0LEADS: 'leads' };

/** User groups the bot resolves through `usergroups.users.list`. */
export const USERGROUPS: Record<string, string[]> = {
  S0ONCALL: ['U0CAROL'],
  S0LEADS: ['U0BOB'],
};

export const CHANNELS = [
  { id: 'C0DEMOOPS', name: 'ops' },
  { id: 'C0PRODALERT', name: 'prod-alerts' },
  { id: 'C0STAGEALERT', name: 'staging-alerts' },
];

export const ACCOUNT_IDS = { prod: '111111111111', staging: '222222222222' } as const;
export type DemoAccount = keyof typeof ACCOUNT_IDS;
export const REGIONS = ['us-east-1', 'eu-west-1'] as const;

/**
 * The demo accounts file. prod: alice requests, bob approves (no self-approval), carol is on-call with
 * one-tap Recover; staging: anyone listed may run without approval except resize and snapshots.
 */
export const ACCOUNTS_YAML = `# Written by npm run demo — the two simulated accounts in moto.
defaults:
  regions: [us-east-1]
  approval_ttl_minutes: 60
  default_alert_channel: C0DEMOOPS
  # /ec2 maintenance plan all: in the demo a window is open every day, so an approved plan starts now
  maintenance:
    tz: UTC
    windows: ["Mon 00:00-24:00", "Tue 00:00-24:00", "Wed 00:00-24:00", "Thu 00:00-24:00", "Fri 00:00-24:00", "Sat 00:00-24:00", "Sun 00:00-24:00"]
    groups: { by: [asg, "tag:service"], max_unavailable: 1 }
    wave_minutes: 10
    # the standing plan: a sweep every minute plans new events (one arrives a minute after start)
    watch: true
    sweep_minutes: 1
accounts:
  prod:
    id: "${ACCOUNT_IDS.prod}"
    role_arn: arn:aws:iam::${ACCOUNT_IDS.prod}:role/ec2-ops-bot
    external_id: demo-prod
    regions: [us-east-1, eu-west-1]
    alert_channel: C0PRODALERT
    oncall: [S0ONCALL]
    operators: [U0ALICE, U0CAROL]
    approvers: [S0LEADS]
    approval: { required_for: [stop, recover, hibernate, resize, reboot, snapshots], self_approve: false }
    one_tap_recover: true
    snapshots: { create: true, daily_days: 7, monthly_months: 3, schedule: "0 3 * * *" }
    sns_topics: [arn:aws:sns:us-east-1:${ACCOUNT_IDS.prod}:ec2-ops-demo]
  staging:
    id: "${ACCOUNT_IDS.staging}"
    role_arn: arn:aws:iam::${ACCOUNT_IDS.staging}:role/ec2-ops-bot
    regions: [us-east-1, eu-west-1]
    alert_channel: C0STAGEALERT
    oncall: [U0CAROL]
    operators: [U0ALICE, U0BOB, U0CAROL]
    approvers: [U0BOB]
    approval: { required_for: [resize, snapshots], self_approve: true }
`;
