import { accountSchema } from '../config/schema';
import type { Account, Config, OrganizationConfig } from '../config/types';

/** One member account as AWS Organizations lists it (ListAccounts + ListTagsForResource). */
export interface OrgAccount {
  id: string;
  name: string;
  status: string;
  tags: Record<string, string>;
}

/** Something wrong with one discovered account, said to the user by `/ec2 accounts`. */
export interface OrgProblem {
  id: string;
  alias?: string;
  /** alias: left out (no usable alias, or a clash); tag: a tag value ignored; role: role not assumable. */
  kind: 'alias' | 'tag' | 'role';
  problem: string;
}

const ALIAS = /^[a-z0-9][a-z0-9_-]{0,31}$/;
const CHANNEL = /^[CGD][A-Z0-9]{2,}$/;
const PRINCIPAL = /^[UWS][A-Z0-9]{2,}$/;

/** The account name lower-cased to a valid alias: `Payments Prod` → `payments-prod`. Pure. */
export function aliasOfName(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '-')
    .replace(/^[-_]+/, '')
    .slice(0, 32)
    .replace(/[-_]+$/, '');
}

/** A space-separated tag value as ids; ids that are not Slack ids are reported, not used. */
function idsOf(
  value: string | undefined,
  re: RegExp,
  what: string,
  problems: string[],
): string[] | undefined {
  if (value === undefined) return undefined;
  const ids = value.split(/\s+/).filter(Boolean);
  const bad = ids.filter((v) => !re.test(v));
  if (bad.length) problems.push(`tag ${what} has ${bad.join(', ')}: not Slack ids — ignored`);
  return ids.filter((v) => re.test(v));
}

/**
 * Account entries for the organization's active members, as if typed into the config: role
 * `arn:aws:iam::<id>:role/<member_role_name>`, the organization's external id and regions, the
 * defaults' routing and mutes, channel and people from the account's tags. An account the config
 * already lists (by id) stays the config's; an alias taken by the config or by an earlier member is
 * a clash: reported, the later account left out. Pure.
 */
export function discoveredAccounts(
  config: Pick<Config, 'defaults'> & { organization: OrganizationConfig },
  explicit: Account[],
  members: OrgAccount[],
): { accounts: Account[]; problems: OrgProblem[] } {
  const org = config.organization;
  const byId = new Set(explicit.map((a) => a.id));
  const taken = new Map(explicit.map((a) => [a.alias, `accounts.${a.alias} in the config`]));
  const accounts: Account[] = [];
  const problems: OrgProblem[] = [];
  // The same approval defaults a typed-in account without `approval:` gets.
  const approval = accountSchema.shape.approval.parse({});
  for (const m of [...members].sort((a, b) => a.id.localeCompare(b.id))) {
    if (m.status !== 'ACTIVE' || byId.has(m.id)) continue;
    const tagged = m.tags[org.tags.alias];
    const alias = tagged?.trim().toLowerCase() || aliasOfName(m.name);
    if (!ALIAS.test(alias) || alias === 'all') {
      problems.push({
        id: m.id,
        kind: 'alias',
        problem: `no usable alias ("${alias}") — tag the account ${org.tags.alias}=<alias> (lower-case letters, digits, - or _)`,
      });
      continue;
    }
    const clash = taken.get(alias);
    if (clash) {
      problems.push({
        id: m.id,
        alias,
        kind: 'alias',
        problem: `alias "${alias}" is already ${clash} — tag the account ${org.tags.alias}=<another alias>`,
      });
      continue;
    }
    taken.set(alias, `account ${m.id} from the organization`);
    const notes: string[] = [];
    const channel = m.tags[org.tags.channel]?.trim();
    if (channel && !CHANNEL.test(channel))
      notes.push(`tag ${org.tags.channel} "${channel}" is not a channel id — ignored`);
    accounts.push({
      id: m.id,
      alias,
      source: 'organization',
      role_arn: `arn:aws:iam::${m.id}:role/${org.member_role_name}`,
      external_id: org.external_id,
      regions: org.regions ?? config.defaults.regions,
      alert_channel: channel && CHANNEL.test(channel) ? channel : undefined,
      oncall: idsOf(m.tags[org.tags.oncall], PRINCIPAL, org.tags.oncall, notes) ?? [],
      operators: idsOf(m.tags[org.tags.operators], PRINCIPAL, org.tags.operators, notes) ?? [],
      approvers: idsOf(m.tags[org.tags.approvers], PRINCIPAL, org.tags.approvers, notes) ?? [],
      approval: { ...approval, ttl_minutes: config.defaults.approval_ttl_minutes },
      one_tap_recover: false,
      sns_topics: [],
      routing: config.defaults.routing,
      mutes: config.defaults.mutes,
    });
    for (const problem of notes) problems.push({ id: m.id, alias, kind: 'tag', problem });
  }
  return { accounts, problems };
}
