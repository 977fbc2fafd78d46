import {
  CreateAccountCommand,
  CreateOrganizationalUnitCommand,
  CreateOrganizationCommand,
  ListRootsCommand,
  MoveAccountCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import type { Moto } from './moto';

/**
 * An AWS Organization in moto (which implements Organizations), managed from `managementId`: moto
 * lands AssumeRole credentials in the role ARN's account, so the organization belongs to that account.
 */
export interface MotoOrg {
  rootId: string;
  createOu(parentId: string, name: string): Promise<string>;
  /** CreateAccount (tags on the account) and MoveAccount into `ouId`; returns the new account id. */
  createAccount(name: string, ouId: string, tags?: Record<string, string>): Promise<string>;
  close(): void;
}

export async function motoOrganization(moto: Moto, managementId: string): Promise<MotoOrg> {
  const sts = new STSClient({
    region: 'us-east-1',
    endpoint: moto.url,
    credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
  });
  const out = await sts.send(
    new AssumeRoleCommand({
      RoleArn: `arn:aws:iam::${managementId}:role/test-seed`,
      RoleSessionName: 'seed',
    }),
  );
  sts.destroy();
  const c = out.Credentials!;
  const org = new OrganizationsClient({
    region: 'us-east-1',
    endpoint: moto.url,
    credentials: {
      accessKeyId: c.AccessKeyId!,
      secretAccessKey: c.SecretAccessKey!,
      sessionToken: c.SessionToken,
    },
  });
  await org.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
  const rootId = (await org.send(new ListRootsCommand({}))).Roots![0]!.Id!;
  let n = 0;
  return {
    rootId,
    async createOu(parentId, name) {
      const ou = await org.send(new CreateOrganizationalUnitCommand({ ParentId: parentId, Name: name }));
      return ou.OrganizationalUnit!.Id!;
    },
    async createAccount(name, ouId, tags = {}) {
      n += 1;
      const st = await org.send(
        new CreateAccountCommand({
          AccountName: name,
          Email: `member${n}-${Date.now()}@example.com`,
          Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })),
        }),
      );
      const id = st.CreateAccountStatus!.AccountId!;
      await org.send(
        new MoveAccountCommand({ AccountId: id, SourceParentId: rootId, DestinationParentId: ouId }),
      );
      return id;
    },
    close: () => org.destroy(),
  };
}
