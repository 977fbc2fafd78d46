import { type EC2Client, GetConsoleOutputCommand } from '@aws-sdk/client-ec2';
import type { Account } from '../config/types';
import type { AwsClients } from './clients';

/** The last `lines` lines of an instance's console output (Latest when the instance type allows it). */
export async function consoleTail(
  aws: AwsClients,
  account: Account,
  region: string,
  instanceId: string,
  lines = 25,
): Promise<string | undefined> {
  const out = await aws
    .ec2(account, region, { requester: 'ec2-ops-bot' })
    .send(new GetConsoleOutputCommand({ InstanceId: instanceId }));
  if (!out.Output) return undefined;
  const text = Buffer.from(out.Output, 'base64').toString('utf8').replace(/\r/g, '');
  const tail = text.split('\n').slice(-lines).join('\n').trim();
  return tail ? tail.slice(-2500) : undefined;
}

/** The whole console log (GetConsoleOutput) through the caller's client, decoded; '' when there is none yet. */
export async function consoleOutput(ec2: EC2Client, instanceId: string): Promise<string> {
  const out = await ec2.send(new GetConsoleOutputCommand({ InstanceId: instanceId }));
  return out.Output ? Buffer.from(out.Output, 'base64').toString('utf8') : '';
}
