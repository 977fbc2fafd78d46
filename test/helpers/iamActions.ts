import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/** Every AWS SDK command the code imports, as IAM actions (`ec2:DescribeInstances`). */
export function actionsCalledByCode(dirs = ['src', 'handlers', 'jobs']): Set<string> {
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const p = path.join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (p.endsWith('.ts')) files.push(p);
    }
  };
  for (const dir of dirs) walk(dir);
  const actions = new Set<string>();
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(
      /import\s*\{([^}]+)\}\s*from\s*'@aws-sdk\/client-(ec2|health|sts|organizations|auto-scaling)'/g,
    )) {
      // IAM names the Auto Scaling service `autoscaling` (its SDK package is client-auto-scaling).
      const service = m[2] === 'auto-scaling' ? 'autoscaling' : m[2]!;
      for (const raw of m[1]!.split(',')) {
        const name = raw
          .replace(/^\s*type\s+/, '')
          .trim()
          .split(/\s+as\s+/)[0]!;
        const command = /^(\w+)Command$/.exec(name)?.[1] ?? /^paginate(\w+)$/.exec(name)?.[1];
        if (command) actions.add(`${service}:${command}`);
      }
    }
  }
  return actions;
}

/** Called with the bot's own credentials, or needing no permission: not the member role's business. */
const NOT_IN_MEMBER_ROLE = new Set(['sts:AssumeRole', 'sts:GetCallerIdentity']);

/** Granted in their own statements, under a condition (see deploy/member-role.yml). */
export const CONDITIONED_ACTIONS = new Set(['ec2:CreateTags', 'ec2:DeleteTags', 'ec2:DeleteSnapshot']);

/** Permissions an action needs besides its own: tag-on-create needs ec2:CreateTags. */
const IMPLIED: Record<string, string[]> = {
  'ec2:CreateSnapshot': ['ec2:CreateTags'],
  'ec2:CreateImage': ['ec2:CreateTags'],
};

/** Called as the organization role (deploy/org-role.yml): Organizations, and Health's organizational view. */
const isOrgRoleAction = (a: string): boolean =>
  a.startsWith('organizations:') || /^health:\w+ForOrganization$/.test(a);

/** What the organization role must grant: the code's Organizations and organization-wide Health actions. */
export function orgRoleActions(): string[] {
  return [...actionsCalledByCode()].filter(isOrgRoleAction).sort();
}

/** What the member role must grant: the code's actions, their implied ones, minus the bot's own. */
export function memberRoleActions(): string[] {
  const out = new Set<string>();
  for (const a of actionsCalledByCode()) {
    if (NOT_IN_MEMBER_ROLE.has(a) || isOrgRoleAction(a)) continue;
    out.add(a);
    for (const implied of IMPLIED[a] ?? []) out.add(implied);
  }
  return [...out].sort();
}
