import { type EC2Client, GetConsoleOutputCommand } from '@aws-sdk/client-ec2';

/** The instance's serial console log (GetConsoleOutput), base64-decoded; '' when there is none yet. */
export async function consoleOutput(ec2: EC2Client, instanceId: string): Promise<string> {
  const out = await ec2.send(new GetConsoleOutputCommand({ InstanceId: instanceId }));
  return out.Output ? Buffer.from(out.Output, 'base64').toString('utf8') : '';
}
