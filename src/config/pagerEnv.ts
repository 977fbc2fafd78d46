import type { Config } from './types';

/**
 * Pager targets name environment variables (the secrets stay out of the file). One that is unset is a
 * configuration error — a pager that silently never pages is worse than a bot that will not start —
 * named with the key path and the fix. Only processes that send pages (worker, all) check it.
 */
export function pagerEnvProblems(config: Config, env: NodeJS.ProcessEnv): string[] {
  const problems: string[] = [];
  const need = (path: string, name: string | undefined) => {
    if (name && !env[name])
      problems.push(`${path}: environment variable ${name} is not set — export it, or remove the key`);
  };
  for (const a of config.accounts.values()) {
    need(`accounts.${a.alias}.pagerduty.routing_key_env`, a.pagerduty?.routing_key_env);
    need(`accounts.${a.alias}.alert_webhook.url_env`, a.alert_webhook?.url_env);
    need(`accounts.${a.alias}.alert_webhook.token_env`, a.alert_webhook?.token_env);
  }
  return problems;
}
