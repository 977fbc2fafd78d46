import { readFileSync } from 'node:fs';
import { parse, YAMLParseError } from 'yaml';
import type { z } from 'zod';
import { configSchema } from './schema';
import type { Account, Config } from './types';

export class ConfigError extends Error {
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(`${file}: invalid configuration\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const kindOf = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'a list' : typeof v);

const unitOf = (origin: string, n: number | bigint): string =>
  origin === 'array' || origin === 'set'
    ? `${n} item${n === 1 ? '' : 's'}`
    : origin === 'string'
      ? `${n} character${n === 1 ? '' : 's'}`
      : String(n);

/**
 * Our wording for zod's built-in checks, passed per parse: a message a schema gives itself
 * (`.regex(re, 'not an AWS region…')`) still wins over this map (zod 4's precedence), and
 * anything not listed keeps zod's own text.
 */
const wording: z.core.$ZodErrorMap = (iss) => {
  switch (iss.code) {
    case 'invalid_type':
      return iss.input === undefined
        ? 'missing — add it'
        : `expected ${iss.expected}, found ${kindOf(iss.input)}`;
    case 'invalid_value':
      return `"${String(iss.input)}" is not one of ${iss.values.map(String).join(', ')}`;
    case 'unrecognized_keys':
      return `unknown key ${iss.keys.map((k) => `"${k}"`).join(', ')} — remove it or check the spelling`;
    case 'too_small':
      return `must be ${iss.inclusive === false ? 'more than' : 'at least'} ${unitOf(iss.origin, iss.minimum)}`;
    case 'too_big':
      return `must be ${iss.inclusive === false ? 'less than' : 'at most'} ${unitOf(iss.origin, iss.maximum)}`;
    default:
      return undefined;
  }
};

/** `key.path: what is wrong — the fix`; a bad record key (an alias) says what is wrong with the key. */
const formatIssue = (issue: z.core.$ZodIssue): string => {
  const path = issue.path.map(String).join('.') || '(top level)';
  if (issue.code === 'invalid_key') return `${path}: ${issue.issues.map((i) => i.message).join('; ')}`;
  return `${path}: ${issue.message}`;
};

/** Parses and validates the accounts file text; throws ConfigError naming the file, key path and fix. */
export function parseConfig(text: string, file: string): Config {
  let raw: unknown;
  try {
    raw = parse(text);
  } catch (err) {
    const where = err instanceof YAMLParseError ? ` at line ${err.linePos?.[0].line ?? '?'}` : '';
    throw new ConfigError(file, [`not valid YAML${where} — check indentation and quoting`]);
  }
  const parsed = configSchema.safeParse(raw ?? {}, { error: wording });
  if (!parsed.success) throw new ConfigError(file, parsed.error.issues.map(formatIssue));
  const { defaults } = parsed.data;
  const accounts = new Map<string, Account>();
  const ids = new Map<string, string>();
  const problems: string[] = [];
  for (const [alias, a] of Object.entries(parsed.data.accounts ?? {})) {
    const roleAccount = a.role_arn.split(':')[4];
    if (roleAccount !== a.id) {
      problems.push(
        `accounts.${alias}.role_arn: the role is in account ${roleAccount}, not ${a.id} — fix id or role_arn`,
      );
    }
    const seen = ids.get(a.id);
    if (seen) problems.push(`accounts.${alias}.id: ${a.id} is also accounts.${seen}.id — each account once`);
    ids.set(a.id, alias);
    accounts.set(alias, {
      ...a,
      alias,
      source: 'config',
      routing: a.routing ?? defaults.routing,
      mutes: a.mutes ?? defaults.mutes,
      regions: a.regions ?? defaults.regions,
      // The account's block wins as a whole: windows of two teams are not merged.
      maintenance: a.maintenance ?? defaults.maintenance,
      approval: {
        required_for: a.approval.required_for,
        self_approve: a.approval.self_approve,
        ttl_minutes: a.approval.ttl_minutes ?? defaults.approval_ttl_minutes,
      },
    });
  }
  if (problems.length) throw new ConfigError(file, problems);
  return {
    file,
    accounts,
    defaultAlertChannel: defaults.default_alert_channel,
    defaults: {
      regions: defaults.regions,
      approval_ttl_minutes: defaults.approval_ttl_minutes,
      routing: defaults.routing,
      mutes: defaults.mutes,
    },
    organization: parsed.data.organization,
  };
}

/** Reads the accounts file named by EC2BOT_CONFIG (default config/accounts.yml). */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const file = env.EC2BOT_CONFIG || 'config/accounts.yml';
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new ConfigError(file, [
      'cannot read the file — copy config/accounts.example.yml to config/accounts.yml or set EC2BOT_CONFIG',
    ]);
  }
  return parseConfig(text, file);
}
