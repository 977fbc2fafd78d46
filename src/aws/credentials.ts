import { AssumeRoleCommand, type STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity } from '@aws-sdk/types';
import type { Account } from '../config/types';

/** Refresh this long before the assumed-role credentials expire. */
const REFRESH_MARGIN_MS = 5 * 60_000;

/** Role session name: who asked, so CloudTrail shows it. [\w+=,.@-]{2,64}. */
export function sessionName(actor?: { requester?: string; approver?: string }): string {
  const clean = (s: string): string => s.replace(/[^\w+=,.@-]/g, '').slice(0, 24);
  if (!actor?.requester) return 'ec2-ops-bot';
  const name = `ec2bot-${clean(actor.requester)}${actor.approver ? `-by-${clean(actor.approver)}` : ''}`;
  return name.slice(0, 64);
}

/**
 * AssumeRole credentials for one (account, session name), shared by every client of that pair.
 * Concurrent callers share one in-flight AssumeRole; credentials are renewed 5 minutes before expiry.
 * Not @aws-sdk/credential-providers' fromTemporaryCredentials: its provider caches nothing and shares
 * no call in flight (each SDK client memoizes on its own, so the EC2/Health/STS clients of one role
 * session in N regions made N AssumeRole calls where this makes one), and it builds an STS client per
 * provider instead of sharing the bot's one.
 */
export class AssumedRole {
  private current?: AwsCredentialIdentity;
  private pending?: Promise<AwsCredentialIdentity>;

  constructor(
    private readonly sts: STSClient,
    private readonly account: Pick<Account, 'role_arn' | 'external_id'>,
    private readonly roleSessionName: string,
    private readonly now: () => number = Date.now,
  ) {}

  readonly provider = async (): Promise<AwsCredentialIdentity> => {
    const exp = this.current?.expiration?.getTime();
    if (this.current && exp && exp - this.now() > REFRESH_MARGIN_MS) return this.current;
    this.pending ??= this.assume().finally(() => {
      this.pending = undefined;
    });
    return this.pending;
  };

  private async assume(): Promise<AwsCredentialIdentity> {
    const out = await this.sts.send(
      new AssumeRoleCommand({
        RoleArn: this.account.role_arn,
        RoleSessionName: this.roleSessionName,
        ExternalId: this.account.external_id,
        DurationSeconds: 3600,
      }),
    );
    const c = out.Credentials;
    if (!c?.AccessKeyId || !c.SecretAccessKey) throw new Error('AssumeRole returned no credentials');
    this.current = {
      accessKeyId: c.AccessKeyId,
      secretAccessKey: c.SecretAccessKey,
      sessionToken: c.SessionToken,
      expiration: c.Expiration,
    };
    return this.current;
  }
}
