import { DescribeInstancesCommand, type EC2Client } from '@aws-sdk/client-ec2';

/**
 * Whether a region holds any instance that is not terminated: one DescribeInstances page of at most 5.
 * A filtered page may come back empty with a NextToken while later pages match (EC2 applies filters
 * after paging), so a NextToken counts as "has instances": never skip a region on a half answer.
 * https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeInstances.html
 */
export async function hasInstances(ec2: EC2Client): Promise<boolean> {
  const out = await ec2.send(
    new DescribeInstancesCommand({
      MaxResults: 5,
      Filters: [
        {
          Name: 'instance-state-name',
          Values: ['pending', 'running', 'shutting-down', 'stopping', 'stopped'],
        },
      ],
    }),
  );
  return !!out.NextToken || (out.Reservations ?? []).some((r) => (r.Instances ?? []).length > 0);
}
