import { z } from 'zod';
import { isTimeZone, maintenanceSchema } from './maintenanceSchema';
import { OPERATIONS, type Operation } from './operations';

export { OPERATIONS, type Operation };

const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/;
const SLACK_CHANNEL = /^[CGD][A-Z0-9]{2,}$/;
const SLACK_PRINCIPAL = /^[UWS][A-Z0-9]{2,}$/;
const REGION = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d$/;
const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;

const region = z.string().regex(REGION, 'not an AWS region name — write e.g. us-east-1 or ap-northeast-2');
const timeZone = z.string().refine(isTimeZone, 'not an IANA time zone — write e.g. UTC or Asia/Seoul');
const principal = z
  .string()
  .regex(SLACK_PRINCIPAL, 'not a Slack user (U…/W…) or user-group (S…) id — copy it from the profile');

const quietHours = z
  .object({
    tz: timeZone,
    from: z.string().regex(HHMM, 'not a time — write HH:MM, e.g. "22:00"'),
    to: z.string().regex(HHMM, 'not a time — write HH:MM, e.g. "08:00"'),
  })
  .strict();

const snapshots = z
  .object({
    create: z.boolean().default(false),
    only_tag: z
      .string()
      .regex(/^[^=]+(=.*)?$/, 'write Key or Key=Value')
      .optional(),
    daily_days: z.number().int().min(0).max(3650).default(30),
    monthly_months: z.number().int().min(0).max(120).default(7),
    schedule: z
      .string()
      .regex(/^(\S+\s+){4}\S+$/, 'not a 5-field cron expression — write e.g. "0 3 * * *"')
      .default('0 3 * * *'),
    tz: timeZone.default('UTC'),
    regions: z.array(region).min(1).optional(),
  })
  .strict();

const approval = z
  .object({
    // Absent: each operation's own default (its catalog entry, src/ops/catalog/: approval unless it
    // says otherwise), read through requiresApproval.
    required_for: z.array(z.enum(OPERATIONS)).optional(),
    self_approve: z.boolean().default(false),
    ttl_minutes: z
      .number()
      .int()
      .min(1)
      .max(7 * 24 * 60)
      .optional(),
  })
  .strict();

const escalation = z
  .object({
    after_minutes: z
      .number()
      .int()
      .min(1)
      .max(24 * 60)
      .default(15),
    mention: z.array(principal).default([]),
  })
  .strict();

const autoRecover = z
  .object({
    enabled: z.boolean().default(false),
    after_minutes: z
      .number()
      .int()
      .min(1)
      .max(24 * 60)
      .default(10),
    max_per_hour: z.number().int().min(0).max(100).default(2),
  })
  .strict();

const envName = z
  .string()
  .regex(/^[A-Z_][A-Z0-9_]{0,127}$/, 'not an environment variable name — write e.g. PD_KEY_PROD');

/** Urgent alerts also to PagerDuty Events API v2; the routing key stays in the environment. */
const pagerduty = z
  .object({
    routing_key_env: envName,
    severity: z.enum(['critical', 'error', 'warning']).default('critical'),
  })
  .strict();

/** Urgent alerts also as JSON to any URL (trigger / acknowledge / resolve), e.g. an Opsgenie successor. */
const alertWebhook = z
  .object({
    url_env: envName,
    token_env: envName.optional(),
  })
  .strict();

const channel = z.string().regex(SLACK_CHANNEL, 'not a Slack channel id — write e.g. C0123ABCD');

/** Alerts for an instance whose `tag` names a team go to that team's channel and on-call. */
const routing = z
  .object({
    tag: z.string().min(1).max(128),
    teams: z
      .record(
        z.string().min(1).max(256),
        z.object({ channel, oncall: z.array(principal).default([]) }).strict(),
      )
      .refine(
        (t) => Object.keys(t).length > 0,
        'name at least one team — teams: { payments: { channel: C0… } }',
      ),
  })
  .strict();

/** An alert matching every given field is held: not posted, counted, listed by /ec2 mutes. */
const mute = z
  .object({
    event: z
      .string()
      .regex(
        /^[A-Za-z0-9_:-]{1,128}$/,
        'not an event type code — write e.g. AWS_EC2_INSTANCE_RETIREMENT_SCHEDULED',
      )
      .optional(),
    tag: z
      .string()
      .regex(/^[^=]{1,128}=.{0,256}$/, 'not a tag rule — write key=value, e.g. "env=dev"')
      .optional(),
  })
  .strict()
  .refine((m) => m.event || m.tag, 'a mute needs event, tag or both — e.g. { tag: "env=dev" }');

export const accountSchema = z
  .object({
    id: z.string().regex(/^\d{12}$/, 'not a 12-digit AWS account id — quote it: id: "111122223333"'),
    role_arn: z.string().regex(ROLE_ARN, 'not an IAM role ARN — write arn:aws:iam::<account id>:role/<name>'),
    external_id: z.string().min(2).max(1224).optional(),
    regions: z.array(region).min(1, 'list at least one region').optional(),
    alert_channel: z
      .string()
      .regex(SLACK_CHANNEL, 'not a Slack channel id — write e.g. C0123ABCD')
      .optional(),
    oncall: z.array(principal).default([]),
    operators: z.array(principal).default([]),
    approvers: z.array(principal).default([]),
    // prefault, not default: zod 4's .default({}) returns {} as the output without running approval's own
    // defaults; .prefault({}) parses {} through the schema, so required_for and self_approve are filled.
    approval: approval.prefault({}),
    one_tap_recover: z.boolean().default(false),
    quiet_hours: quietHours.optional(),
    maintenance: maintenanceSchema.optional(),
    snapshots: snapshots.optional(),
    escalation: escalation.optional(),
    auto_recover: autoRecover.optional(),
    pagerduty: pagerduty.optional(),
    alert_webhook: alertWebhook.optional(),
    sns_topics: z
      .array(z.string().regex(/^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[\w-]+$/, 'not an SNS topic ARN'))
      .default([]),
    routing: routing.optional(),
    mutes: z.array(mute).optional(),
  })
  .strict();

const tagKey = z.string().min(1).max(128);

/** Accounts discovered from AWS Organizations (management or delegated-administrator account). */
export const organizationSchema = z
  .object({
    role_arn: z.string().regex(ROLE_ARN, 'not an IAM role ARN — write arn:aws:iam::<account id>:role/<name>'),
    external_id: z.string().min(2).max(1224).optional(),
    member_role_name: z
      .string()
      .regex(/^[\w+=,.@-]{1,64}$/, 'not an IAM role name — write the name only, e.g. ec2-ops-bot'),
    ous: z
      .array(
        z
          .string()
          .regex(
            /^(ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}|r-[0-9a-z]{4,32})$/,
            'not an organizational unit id — write e.g. ou-abcd-11111111 (or a root, r-abcd)',
          ),
      )
      .min(1, 'list at least one OU, or remove ous to take every account')
      .optional(),
    regions: z.array(region).min(1, 'list at least one region').optional(),
    refresh_minutes: z
      .number()
      .int()
      .min(1)
      .max(7 * 24 * 60)
      .default(60),
    tags: z
      .object({
        alias: tagKey.default('ec2bot:alias'),
        channel: tagKey.default('ec2bot:channel'),
        oncall: tagKey.default('ec2bot:oncall'),
        operators: tagKey.default('ec2bot:operators'),
        approvers: tagKey.default('ec2bot:approvers'),
      })
      .strict()
      .prefault({}),
  })
  .strict();

export const configSchema = z
  .object({
    defaults: z
      .object({
        regions: z.array(region).min(1).default(['us-east-1']),
        approval_ttl_minutes: z
          .number()
          .int()
          .min(1)
          .max(7 * 24 * 60)
          .default(60),
        default_alert_channel: z.string().regex(SLACK_CHANNEL, 'not a Slack channel id').optional(),
        routing: routing.optional(),
        mutes: z.array(mute).default([]),
        maintenance: maintenanceSchema.optional(),
      })
      .strict()
      .prefault({}), // parsed through the object: its regions and approval_ttl_minutes defaults apply
    accounts: z
      .record(
        z.string().regex(/^[a-z0-9][a-z0-9_-]{0,31}$/, 'alias must be lower-case letters, digits, - or _'),
        accountSchema,
      )
      .refine((a) => !('all' in a), '"all" is reserved for every account — rename it')
      .optional(),
    organization: organizationSchema.optional(),
  })
  .strict()
  .superRefine((c, ctx) => {
    if (c.organization || Object.keys(c.accounts ?? {}).length > 0) return;
    ctx.addIssue({
      code: 'custom',
      path: ['accounts'],
      message: 'define at least one account — or organization: to discover them from AWS Organizations',
    });
  });

export type RawConfig = z.infer<typeof configSchema>;
export type RawAccount = z.infer<typeof accountSchema>;
export type OrganizationConfig = z.infer<typeof organizationSchema>;
export type Routing = z.infer<typeof routing>;
export type Mute = z.infer<typeof mute>;
