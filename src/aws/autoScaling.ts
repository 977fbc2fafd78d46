import {
  type AutoScalingClient,
  DescribeAutoScalingGroupsCommand,
  DescribeAutoScalingInstancesCommand,
  EnterStandbyCommand,
  ExitStandbyCommand,
  TerminateInstanceInAutoScalingGroupCommand,
} from '@aws-sdk/client-auto-scaling';

/** One instance as its Auto Scaling group sees it (DescribeAutoScalingInstances). */
export interface GroupMember {
  instanceId: string;
  group: string;
  /** `InService`, `Standby`, `EnteringStandby`, `Pending`, `Terminating`, … */
  lifecycle: string;
  /** `HEALTHY` or `UNHEALTHY`. */
  health: string;
}

/** One group's sizes and members (DescribeAutoScalingGroups). */
export interface GroupNow {
  name: string;
  min: number;
  max: number;
  desired: number;
  members: { instanceId: string; lifecycle: string; health: string }[];
}

/**
 * The Auto Scaling port operations use (like `Ec2Ops`: one account-region, one role session). Only
 * the calls the bot makes on group members: read a member and its group, standby in and out, and
 * terminate through the group (which launches a replacement when it does not decrement).
 * https://docs.aws.amazon.com/autoscaling/ec2/userguide/as-enter-exit-standby.html
 */
export interface AutoScaling {
  /** Undefined: the instance is in no group (or no longer). */
  member(instanceId: string): Promise<GroupMember | undefined>;
  group(name: string): Promise<GroupNow | undefined>;
  enterStandby(group: string, instanceId: string, decrement: boolean): Promise<void>;
  exitStandby(group: string, instanceId: string): Promise<void>;
  terminateInGroup(instanceId: string, decrement: boolean): Promise<void>;
}

export function autoScalingOps(asg: AutoScalingClient): AutoScaling {
  return {
    async member(instanceId) {
      const out = await asg.send(new DescribeAutoScalingInstancesCommand({ InstanceIds: [instanceId] }));
      const m = out.AutoScalingInstances?.find((x) => x.InstanceId === instanceId);
      if (!m?.AutoScalingGroupName) return undefined;
      return {
        instanceId,
        group: m.AutoScalingGroupName,
        lifecycle: String(m.LifecycleState ?? 'unknown'),
        health: String(m.HealthStatus ?? 'unknown'),
      };
    },
    async group(name) {
      const out = await asg.send(new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: [name] }));
      const g = out.AutoScalingGroups?.find((x) => x.AutoScalingGroupName === name);
      if (!g) return undefined;
      return {
        name,
        min: g.MinSize ?? 0,
        max: g.MaxSize ?? 0,
        desired: g.DesiredCapacity ?? 0,
        members: (g.Instances ?? []).map((i) => ({
          instanceId: i.InstanceId ?? '',
          lifecycle: String(i.LifecycleState ?? 'unknown'),
          health: String(i.HealthStatus ?? 'unknown'),
        })),
      };
    },
    async enterStandby(group, instanceId, decrement) {
      await asg.send(
        new EnterStandbyCommand({
          AutoScalingGroupName: group,
          InstanceIds: [instanceId],
          ShouldDecrementDesiredCapacity: decrement,
        }),
      );
    },
    async exitStandby(group, instanceId) {
      await asg.send(new ExitStandbyCommand({ AutoScalingGroupName: group, InstanceIds: [instanceId] }));
    },
    async terminateInGroup(instanceId, decrement) {
      await asg.send(
        new TerminateInstanceInAutoScalingGroupCommand({
          InstanceId: instanceId,
          ShouldDecrementDesiredCapacity: decrement,
        }),
      );
    },
  };
}
