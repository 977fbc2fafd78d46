import { type EC2Client, GetConsoleOutputCommand } from '@aws-sdk/client-ec2';
import type { Account } from '../config/types';
import type { AwsClients } from './clients';

/** The whole console log (GetConsoleOutput) through the caller's client, decoded; '' when there is none yet. */
export async function consoleOutput(ec2: EC2Client, instanceId: string): Promise<string> {
  const out = await ec2.send(new GetConsoleOutputCommand({ InstanceId: instanceId }));
  return out.Output ? Buffer.from(out.Output, 'base64').toString('utf8') : '';
}

/** The last `lines` lines of an instance's console output, at most 2,500 characters. */
export async function consoleTail(
  aws: AwsClients,
  account: Account,
  region: string,
  instanceId: string,
  lines = 25,
): Promise<string | undefined> {
  const text = await consoleOutput(aws.ec2(account, region, { requester: 'ec2-ops-bot' }), instanceId);
  const tail = text.replace(/\r/g, '').split('\n').slice(-lines).join('\n').trim();
  return tail ? tail.slice(-2500) : undefined;
}
