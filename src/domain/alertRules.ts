import type { Account, Mute } from '../config/types';
import type { Alert } from './alert';

/**
 * The instance tags of an alert's instances, or undefined when one of them is unknown (its lookup
 * failed or was not made): rules on tags then decide nothing, and the alert goes out as before.
 */
function instanceTags(a: Alert): Record<string, string>[] | undefined {
  const instances = a.entities.filter((e) => e.instanceId);
  if (instances.length === 0) return [];
  const tags = instances.map((e) => e.facts?.tags);
  return tags.every((t): t is Record<string, string> => !!t) ? tags : undefined;
}

const tagRule = (rule: string): [string, string] => {
  const at = rule.indexOf('=');
  return [rule.slice(0, at), rule.slice(at + 1)];
};

/**
 * The account's first mute that holds this alert: its event type code matches `event` (when given)
 * and every instance it lists carries the `tag` key=value (when given; an alert about no instance,
 * or with an instance whose tags are unknown, never matches a tag rule). Pure.
 */
export function muteOf(account: Pick<Account, 'mutes'>, a: Alert): Mute | undefined {
  if (a.public) return undefined; // region-wide AWS outages are context, never muted by instance rules
  const tags = instanceTags(a);
  return account.mutes.find((m) => {
    if (m.event && m.event !== a.type) return false;
    if (!m.tag) return true;
    const [k, v] = tagRule(m.tag);
    return !!tags && tags.length > 0 && tags.every((t) => t[k] === v);
  });
}

/**
 * The team an alert goes to: the account's `routing.tag` on its instances names one team of
 * `routing.teams`, the same for every instance listed. Instances of several teams (or one untagged)
 * leave the alert in the account's channel, where everyone concerned sees it. Pure.
 */
export function teamOf(
  account: Pick<Account, 'routing'>,
  a: Alert,
): { name: string; channel: string; oncall: string[] } | undefined {
  const routing = account.routing;
  const tags = instanceTags(a);
  if (!routing || !tags || tags.length === 0) return undefined;
  const names = new Set(tags.map((t) => t[routing.tag]));
  if (names.size !== 1) return undefined;
  const [name] = [...names];
  if (name === undefined || !Object.hasOwn(routing.teams, name)) return undefined;
  const team = routing.teams[name];
  return team ? { name, channel: team.channel, oncall: team.oncall } : undefined;
}

/** A stable name of a mute rule, for counts and the `/ec2 mutes` list. Pure. */
export const muteKey = (account: string, m: Mute): string => `${account}|${m.event ?? '*'}|${m.tag ?? '*'}`;
