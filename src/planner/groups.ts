import type { InstanceInfo } from '../domain/instance';

/**
 * The group an instance belongs to under `groups.by` (first match wins: `asg`, then `tag:<key>`);
 * undefined: it is its own group. An ASG name is unique per region, a tag value per account.
 */
export function groupOf(
  i: Pick<InstanceInfo, 'region' | 'autoScalingGroup' | 'tags'>,
  by: readonly string[],
): { id: string; label: string } | undefined {
  for (const rule of by) {
    if (rule === 'asg' && i.autoScalingGroup)
      return { id: `${i.region}|asg:${i.autoScalingGroup}`, label: `asg:${i.autoScalingGroup}` };
    if (rule.startsWith('tag:')) {
      const key = rule.slice(4);
      const v = i.tags[key];
      if (v) return { id: `tag:${key}=${v}`, label: `tag:${key}=${v}` };
    }
  }
  return undefined;
}
