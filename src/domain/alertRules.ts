import type { Account, Mute } from '../config/types';
import type { Alert, AlertEntity } from './alert';

const tagRule = (rule: string): [string, string] => {
  const at = rule.indexOf('=');
  return [rule.slice(0, at), rule.slice(at + 1)];
};

/**
 * The account's first mute that holds this one entity of an alert: its event type code matches
 * `event` (when given) and the instance carries the `tag` key=value (when given; an entity that is not
 * an instance, or an instance whose tags are unknown — its lookup failed — never matches a tag rule:
 * a rule decides only on what it can see). Region-wide AWS outages are never muted. Pure.
 */
export function muteOf(
  account: Pick<Account, 'mutes'>,
  a: Pick<Alert, 'type' | 'public'>,
  e: AlertEntity,
): Mute | undefined {
  if (a.public) return undefined;
  const tags = e.instanceId ? e.facts?.tags : undefined;
  return account.mutes.find((m) => {
    if (m.event && m.event !== a.type) return false;
    if (!m.tag) return true;
    const [k, v] = tagRule(m.tag);
    return tags?.[k] === v;
  });
}

export interface Team {
  name: string;
  channel: string;
  oncall: string[];
}

/**
 * The team one entity of an alert goes to: the account's `routing.tag` on the instance names a team
 * of `routing.teams`. An untagged instance, an unknown team, a host, or an instance whose tags are
 * unknown stays in the account's channel. Pure.
 */
export function teamOf(account: Pick<Account, 'routing'>, e: AlertEntity): Team | undefined {
  const routing = account.routing;
  const name = routing && e.instanceId ? e.facts?.tags?.[routing.tag] : undefined;
  if (!routing || name === undefined || !Object.hasOwn(routing.teams, name)) return undefined;
  const team = routing.teams[name];
  return team ? { name, channel: team.channel, oncall: team.oncall } : undefined;
}

/** Whether deciding where an alert goes needs every instance's tags (routing or a tag mute rule). */
export const needsTags = (account: Pick<Account, 'routing' | 'mutes'>): boolean =>
  !!account.routing || account.mutes.some((m) => !!m.tag);

/** A stable name of a mute rule, for counts and the `/ec2 mutes` list. Pure. */
export const muteKey = (account: string, m: Mute): string => `${account}|${m.event ?? '*'}|${m.tag ?? '*'}`;

/** The entities of an alert that go to one channel (a team's, or the account's). */
export interface Destination {
  channel: string;
  team?: Team;
  entities: AlertEntity[];
}

/**
 * Route, mute, then group — per entity: each instance goes to its team's channel (routing by tag) or
 * to the account channel (`channel`, empty when the account has none); an instance a mute rule holds
 * is set apart on its own, and the others still alert. Destinations keep the alert's entity order. Pure.
 */
export function splitByDestination(
  account: Pick<Account, 'routing' | 'mutes'> | undefined,
  a: Pick<Alert, 'type' | 'public' | 'entities'>,
  channel: string,
): { groups: Destination[]; muted: { entity: AlertEntity; rule: Mute }[] } {
  const groups = new Map<string, Destination>();
  const muted: { entity: AlertEntity; rule: Mute }[] = [];
  for (const e of a.entities) {
    const rule = account ? muteOf(account, a, e) : undefined;
    if (rule) {
      muted.push({ entity: e, rule });
      continue;
    }
    const team = account ? teamOf(account, e) : undefined;
    const to = team?.channel ?? channel;
    const g = groups.get(to) ?? { channel: to, ...(team ? { team } : {}), entities: [] };
    g.entities.push(e);
    groups.set(to, g);
  }
  return { groups: [...groups.values()], muted };
}
