/** Queue names: the one place they are spelled (docs/architecture.md §1). */
export const QUEUE = {
  query: 'query',
  ops: 'ops',
  alerts: 'alerts',
  schedules: 'schedules',
} as const;
export type QueueName = (typeof QUEUE)[keyof typeof QUEUE];
export const QUEUE_NAMES: readonly QueueName[] = Object.values(QUEUE);
