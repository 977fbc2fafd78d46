import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import type { Account, Config } from '../config/types';
import type { AccountCheck } from '../domain/accountCheck';
import { awsErrorName, classifyAwsError } from '../errors/aws';
import type { Actor, AwsClients } from './clients';

/** Plain-words reason for a failed role check, by error name. */
export function roleFailureReason(account: Account, err: unknown): string {
  const name = awsErrorName(err);
  const kind = classifyAwsError(err);
  const ext = account.external_id ? ' and the sts:ExternalId condition matches external_id' : '';
  if (kind === 'access-denied' && /InvalidClientTokenId|ExpiredToken|AuthFailure/.test(name)) {
    return "the bot's own AWS credentials were refused — check the credentials of the bot's process";
  }
  if (kind === 'access-denied') {
    return `cannot assume ${account.role_arn} — check the role exists and its trust policy allows the bot's principal${ext}`;
  }
  if (kind === 'throttled') return 'AWS throttled the check — try again in a minute';
  if (kind === 'transient' || name === 'TimeoutError' || name === 'AbortError') {
    return 'AWS did not answer in time — check network access to STS from the bot';
  }
  return `the role check failed — see the bot's log`;
}

/** Assumes every account's role and calls GetCallerIdentity, in parallel; one failure hides nothing. */
export function checkAccounts(
  aws: AwsClients,
  config: Config,
  actor: Actor,
  timeoutMs = 10_000,
): Promise<{ checks: AccountCheck[]; errors: { alias: string; err: unknown }[] }> {
  return checkAccountList(aws, [...config.accounts.values()], actor, timeoutMs);
}

/** The role check of a list of accounts (the organization refresh checks the ones it discovered). */
export async function checkAccountList(
  aws: AwsClients,
  accounts: Account[],
  actor: Actor,
  timeoutMs = 10_000,
): Promise<{ checks: AccountCheck[]; errors: { alias: string; err: unknown }[] }> {
  const errors: { alias: string; err: unknown }[] = [];
  const checks = await Promise.all(
    accounts.map(async (account): Promise<AccountCheck> => {
      const started = Date.now();
      try {
        const out = await aws
          .stsAs(account, actor)
          .send(new GetCallerIdentityCommand({}), { abortSignal: AbortSignal.timeout(timeoutMs) });
        return {
          alias: account.alias,
          source: account.source,
          ok: true,
          accountId: out.Account ?? '?',
          expectedId: account.id,
          regions: account.regions,
          ms: Date.now() - started,
        };
      } catch (err) {
        errors.push({ alias: account.alias, err });
        return {
          alias: account.alias,
          source: account.source,
          ok: false,
          reason: roleFailureReason(account, err),
          errorName: awsErrorName(err),
        };
      }
    }),
  );
  return { checks, errors };
}
