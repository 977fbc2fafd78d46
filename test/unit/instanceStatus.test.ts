import { EC2Client, type InstanceStatus } from '@aws-sdk/client-ec2';
import { discoverInstanceStatus } from '../../src/aws/instanceStatus';

const status = (id: string, state: string, codes: string[] = []): InstanceStatus => ({
  InstanceId: id,
  InstanceState: { Name: state as 'running' },
  Events: codes.map((Code) => ({
    Code: Code as 'instance-stop',
    NotBefore: new Date('2026-12-20T00:00:00Z'),
  })),
});

/** A fake EC2 client answering DescribeInstanceStatus with `pages` in turn, recording each request's input. */
function fakeEc2(pages: { InstanceStatuses: InstanceStatus[]; NextToken?: string }[]) {
  const inputs: Record<string, unknown>[] = [];
  // A real client (the SDK's paginator checks its class) whose send never leaves the process.
  const client = new EC2Client({ region: 'eu-west-1' });
  client.send = (async (command: { input: Record<string, unknown> }) => {
    inputs.push(command.input);
    return pages.shift() ?? { InstanceStatuses: [] };
  }) as unknown as EC2Client['send'];
  return { client, inputs };
}

describe('discoverInstanceStatus', () => {
  it('one page is the whole answer: the scan and whether the region holds instances, from one call', async () => {
    const { client, inputs } = fakeEc2([
      {
        InstanceStatuses: [
          status('i-stop', 'stopped', ['instance-stop']),
          status('i-run', 'running'),
          status('i-evt', 'running', ['system-reboot']),
        ],
      },
    ]);
    const events = await discoverInstanceStatus(client, 'prod', 'eu-west-1', { scheduledOnly: true });
    expect(inputs).toEqual([{ IncludeAllInstances: true, MaxResults: 1000 }]);
    expect(events.holdsInstances).toBe(true);
    // as the event.code filter would have answered: instances with a scheduled event, stopped ones too
    expect(events.events.map((e) => `${e.instanceId}:${e.code}`)).toEqual([
      'i-stop:instance-stop',
      'i-evt:system-reboot',
    ]);
    expect(events.checks.map((c) => c.instanceId)).toEqual(['i-stop', 'i-evt']);
  });

  it('running instances only unless includeAll, as IncludeAllInstances=false answers', async () => {
    const { client } = fakeEc2([
      { InstanceStatuses: [status('i-stop', 'stopped'), status('i-run', 'running')] },
    ]);
    const scan = await discoverInstanceStatus(client, 'prod', 'eu-west-1', { includeAll: false });
    expect(scan.checks.map((c) => c.instanceId)).toEqual(['i-run']);
    expect(scan.holdsInstances).toBe(true);
  });

  it('a region with terminated instances only (or none) holds none', async () => {
    const terminated = fakeEc2([{ InstanceStatuses: [status('i-gone', 'terminated')] }]);
    expect((await discoverInstanceStatus(terminated.client, 'prod', 'eu-west-1')).holdsInstances).toBe(false);
    const none = fakeEc2([{ InstanceStatuses: [] }]);
    expect((await discoverInstanceStatus(none.client, 'prod', 'eu-west-1')).holdsInstances).toBe(false);
    // stopped or shutting-down instances are instances
    const stopped = fakeEc2([{ InstanceStatuses: [status('i-s', 'shutting-down')] }]);
    expect((await discoverInstanceStatus(stopped.client, 'prod', 'eu-west-1')).holdsInstances).toBe(true);
  });

  it('more than a page: the region holds instances and the scan is asked as usual (filtered, every page)', async () => {
    const { client, inputs } = fakeEc2([
      { InstanceStatuses: [status('i-1', 'running')], NextToken: 'more' },
      { InstanceStatuses: [status('i-evt', 'running', ['instance-reboot'])], NextToken: 'next' },
      { InstanceStatuses: [status('i-evt2', 'stopped', ['instance-stop'])] },
    ]);
    const scan = await discoverInstanceStatus(client, 'prod', 'eu-west-1', { scheduledOnly: true });
    expect(scan.holdsInstances).toBe(true);
    expect(scan.events.map((e) => e.instanceId)).toEqual(['i-evt', 'i-evt2']);
    expect(inputs).toHaveLength(3);
    expect(inputs[1]).toMatchObject({
      IncludeAllInstances: true,
      Filters: [{ Name: 'event.code' }],
    });
    expect(inputs[1]).not.toHaveProperty('NextToken', 'more');
    expect(inputs[2]).toMatchObject({ NextToken: 'next' });
  });
});
