/**
 * AWS's instance event windows (weekly UTC ranges in whole hours) as the bot reads and writes them.
 * https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/event-windows.html
 */
export interface HourRange {
  /** 0 = Sunday … 6 = Saturday (AWS's week starts on Sunday). */
  startDay: number;
  startHour: number;
  endDay: number;
  endHour: number;
}

export interface EventWindow {
  id: string;
  name?: string;
  state?: string;
  ranges: HourRange[];
  cron?: string;
  targets: { instanceIds: string[]; tags: { key: string; value: string }[]; hostIds: string[] };
}
