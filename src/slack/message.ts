import type { KnownBlock } from '@slack/types';

/** A platform-neutral rendered message: views produce it, Slack adapters send it. */
export interface SlackMessage {
  text: string;
  blocks?: KnownBlock[];
}

export interface ResponseMessage extends SlackMessage {
  response_type?: 'ephemeral' | 'in_channel';
  replace_original?: boolean;
  delete_original?: boolean;
}
