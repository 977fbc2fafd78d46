import type { AccountSource } from '../config/types';

/** The role check of one account (`/ec2 accounts`): ok with the id it answered, or why not. Pure model. */
export type AccountCheck =
  | {
      alias: string;
      source: AccountSource;
      ok: true;
      accountId: string;
      expectedId: string;
      regions: string[];
      ms: number;
    }
  | { alias: string; source: AccountSource; ok: false; reason: string; errorName: string };
