import {
  AssociateInstanceEventWindowCommand,
  CreateInstanceEventWindowCommand,
  DescribeInstanceEventWindowsCommand,
  type EC2Client,
  type InstanceEventWindow,
  ModifyInstanceEventWindowCommand,
  ModifyInstanceMaintenanceOptionsCommand,
  type WeekDay,
} from '@aws-sdk/client-ec2';

import type { EventWindow, HourRange } from '../domain/eventWindow';

export type { EventWindow, HourRange };

export const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];

const day = (d: string | undefined): number => Math.max(0, WEEKDAYS.indexOf(String(d ?? '').toLowerCase()));

const toRequest = (r: HourRange) => ({
  StartWeekDay: WEEKDAYS[r.startDay] as WeekDay,
  StartHour: r.startHour,
  EndWeekDay: WEEKDAYS[r.endDay] as WeekDay,
  EndHour: r.endHour,
});

function windowOf(w: InstanceEventWindow): EventWindow {
  const t = w.AssociationTarget;
  return {
    id: w.InstanceEventWindowId ?? '',
    ...(w.Name ? { name: w.Name } : {}),
    ...(w.State ? { state: String(w.State) } : {}),
    ...(w.CronExpression ? { cron: w.CronExpression } : {}),
    ranges: (w.TimeRanges ?? []).map((r) => ({
      startDay: day(r.StartWeekDay),
      startHour: r.StartHour ?? 0,
      endDay: day(r.EndWeekDay),
      endHour: r.EndHour ?? 0,
    })),
    targets: {
      instanceIds: t?.InstanceIds ?? [],
      tags: (t?.Tags ?? []).map((x) => ({ key: x.Key ?? '', value: x.Value ?? '' })),
      hostIds: t?.DedicatedHostIds ?? [],
    },
  };
}

export async function describeEventWindows(ec2: EC2Client): Promise<EventWindow[]> {
  const out: EventWindow[] = [];
  let token: string | undefined;
  do {
    const page = await ec2.send(new DescribeInstanceEventWindowsCommand({ NextToken: token }));
    out.push(...(page.InstanceEventWindows ?? []).map(windowOf));
    token = page.NextToken;
  } while (token);
  return out.filter((w) => w.state !== 'deleted' && w.state !== 'deleting');
}

export async function createEventWindow(ec2: EC2Client, name: string, ranges: HourRange[]): Promise<string> {
  const out = await ec2.send(
    new CreateInstanceEventWindowCommand({ Name: name, TimeRanges: ranges.map(toRequest) }),
  );
  return out.InstanceEventWindow?.InstanceEventWindowId ?? '';
}

export async function modifyEventWindow(ec2: EC2Client, id: string, ranges: HourRange[]): Promise<void> {
  await ec2.send(
    new ModifyInstanceEventWindowCommand({ InstanceEventWindowId: id, TimeRanges: ranges.map(toRequest) }),
  );
}

export async function associateEventWindowTag(
  ec2: EC2Client,
  id: string,
  tag: { key: string; value: string },
): Promise<void> {
  await ec2.send(
    new AssociateInstanceEventWindowCommand({
      InstanceEventWindowId: id,
      AssociationTarget: { InstanceTags: [{ Key: tag.key, Value: tag.value }] },
    }),
  );
}

/** ModifyInstanceMaintenanceOptions: `default` turns a recovery behaviour on, `disabled` off. */
export async function setMaintenanceOptions(
  ec2: EC2Client,
  id: string,
  o: { rebootMigration?: 'default' | 'disabled'; autoRecovery?: 'default' | 'disabled'; dryRun?: boolean },
): Promise<void> {
  await ec2.send(
    new ModifyInstanceMaintenanceOptionsCommand({
      InstanceId: id,
      RebootMigration: o.rebootMigration,
      AutoRecovery: o.autoRecovery,
      DryRun: o.dryRun,
    }),
  );
}
