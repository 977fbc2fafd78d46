import { DescribeInstancesCommand, EC2Client } from '@aws-sdk/client-ec2';
import { ec2Reads, type InstanceQuery } from '../../src/aws/ec2Reads';

/**
 * The port's instance query becomes the DescribeInstances filters the callers sent before they went
 * through the port (find, audit, the alert lookup, the op-plan Name search): same names, same order.
 * The reads themselves run on moto in the integration tests of each caller.
 */
async function filtersFor(q: InstanceQuery): Promise<unknown> {
  // The paginator wants a real client; its send is replaced, so nothing leaves the process.
  const client = new EC2Client({ region: 'us-east-1' });
  const send = jest.spyOn(client, 'send').mockImplementation(async () => ({ Reservations: [] }));
  await ec2Reads(client, 'prod', 'us-east-1').instancesMatching(q);
  expect(send).toHaveBeenCalledTimes(1);
  const cmd = send.mock.calls[0]![0] as DescribeInstancesCommand;
  expect(cmd).toBeInstanceOf(DescribeInstancesCommand);
  expect(cmd.input.InstanceIds).toBeUndefined();
  return cmd.input.Filters;
}

describe('Ec2Reads.instancesMatching', () => {
  it('turns ids, Name and states into the instance-id, tag:Name and instance-state-name filters, in that order', async () => {
    const live = ['pending', 'running'];
    expect(await filtersFor({ ids: ['i-1', 'i-2'] })).toEqual([
      { Name: 'instance-id', Values: ['i-1', 'i-2'] },
    ]);
    expect(await filtersFor({ ids: ['i-1'], states: live })).toEqual([
      { Name: 'instance-id', Values: ['i-1'] },
      { Name: 'instance-state-name', Values: live },
    ]);
    expect(await filtersFor({ name: 'web-*', states: live })).toEqual([
      { Name: 'tag:Name', Values: ['web-*'] },
      { Name: 'instance-state-name', Values: live },
    ]);
    expect(await filtersFor({ states: live })).toEqual([{ Name: 'instance-state-name', Values: live }]);
  });
});
