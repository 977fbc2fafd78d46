import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { AwsClients } from '../../src/aws/clients';
import { AssumedRole, sessionName } from '../../src/aws/credentials';
import { parseConfig } from '../../src/config/load';
import { TWO_ACCOUNTS } from '../helpers/bot';
import { type Moto, startMoto, useMotoEnv } from '../helpers/moto';

let moto: Moto;
const config = parseConfig(TWO_ACCOUNTS, 'two.yml');
const prod = config.accounts.get('prod')!;

beforeAll(async () => {
  moto = await startMoto();
  useMotoEnv(moto);
});
afterAll(async () => moto?.stop());

/** A real STS client on moto that counts the AssumeRole calls it sends. */
function countingSts(): { sts: STSClient; calls: { session: string; externalId?: string }[] } {
  const calls: { session: string; externalId?: string }[] = [];
  const sts = new STSClient({ region: 'us-east-1' });
  sts.middlewareStack.add(
    (next, ctx) => async (args) => {
      if (ctx.commandName === 'AssumeRoleCommand') {
        const input = args.input as { RoleSessionName: string; ExternalId?: string };
        calls.push({ session: input.RoleSessionName, externalId: input.ExternalId });
      }
      return next(args);
    },
    { step: 'initialize' },
  );
  return { sts, calls };
}

describe('assumed-role credentials', () => {
  it('assumes once for concurrent callers and sends the ExternalId', async () => {
    const { sts, calls } = countingSts();
    const role = new AssumedRole(sts, prod, 'ec2bot-U0ALICE');
    const creds = await Promise.all([role.provider(), role.provider(), role.provider()]);
    expect(calls).toEqual([{ session: 'ec2bot-U0ALICE', externalId: 'prod-external' }]);
    expect(new Set(creds.map((c) => c.accessKeyId)).size).toBe(1);
    sts.destroy();
  });

  it('renews five minutes before expiry, not before', async () => {
    const { sts, calls } = countingSts();
    let now = Date.now();
    const role = new AssumedRole(sts, prod, 'ec2-ops-bot', () => now);
    const first = await role.provider();
    const exp = first.expiration!.getTime();
    now = exp - 6 * 60_000;
    await role.provider();
    expect(calls).toHaveLength(1);
    now = exp - 4 * 60_000;
    await role.provider();
    expect(calls).toHaveLength(2);
    sts.destroy();
  });

  it('keeps one client per account, region, service and session; lands in the role account', async () => {
    const aws = new AwsClients();
    const a = aws.ec2(prod, 'us-east-1', { requester: 'U0ALICE' });
    expect(aws.ec2(prod, 'us-east-1', { requester: 'U0ALICE' })).toBe(a);
    expect(aws.ec2(prod, 'eu-west-1', { requester: 'U0ALICE' })).not.toBe(a);
    expect(aws.ec2(prod, 'us-east-1', { requester: 'U0BOB' })).not.toBe(a);
    const who = await aws.stsAs(config.accounts.get('staging')!).send(new GetCallerIdentityCommand({}));
    expect(who.Account).toBe('222222222222');
    expect(aws.size).toBe(4);
    aws.destroy();
  });

  it('names the session after requester and approver, within STS limits', () => {
    expect(sessionName()).toBe('ec2-ops-bot');
    expect(sessionName({ requester: 'U0ALICE', approver: 'U0BOB' })).toBe('ec2bot-U0ALICE-by-U0BOB');
    expect(sessionName({ requester: 'U<!x>'.repeat(30) })).toMatch(/^[\w+=,.@-]{2,64}$/);
  });
});
