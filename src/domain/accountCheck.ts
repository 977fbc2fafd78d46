/** The role check of one account (`/ec2 accounts`): ok with the id it answered, or why not. Pure model. */
export type AccountCheck =
  | { alias: string; ok: true; accountId: string; expectedId: string; regions: string[]; ms: number }
  | { alias: string; ok: false; reason: string; errorName: string };
