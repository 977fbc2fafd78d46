import type { WebDeps } from '../../src/deps';

/** What an action handler sees of a button press (signature-verified; the value is still untrusted). */
export interface ActionInput {
  actionId: string;
  value: string;
  userId: string;
  channelId?: string;
  messageTs?: string;
  /** The button sat on an ephemeral message (only its presser sees it; nothing can thread under it). */
  ephemeral?: boolean;
  threadTs?: string;
  responseUrl?: string;
  triggerId?: string;
  /** datetimepicker selection, epoch seconds. */
  selectedDateTime?: number;
  correlationId: string;
}

/** Runs after the ack: loads what the value refers to, checks it, enqueues or answers. */
export type ActionHandler = (input: ActionInput, deps: WebDeps) => Promise<void>;
