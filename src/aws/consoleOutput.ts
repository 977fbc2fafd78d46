import type { Ec2Reads } from './ec2Reads';

/** The last `lines` lines of an instance's console output, at most 2,500 characters. */
export async function consoleTail(
  ec2: Pick<Ec2Reads, 'consoleOutput'>,
  instanceId: string,
  lines = 25,
): Promise<string | undefined> {
  const text = await ec2.consoleOutput(instanceId);
  const tail = text.replace(/\r/g, '').split('\n').slice(-lines).join('\n').trim();
  return tail ? tail.slice(-2500) : undefined;
}
