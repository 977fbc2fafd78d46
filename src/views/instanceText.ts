import type { ActionsBlock, Button } from '@slack/types';
import type { InstanceInfo } from '../domain/instance';
import type { ConfirmText } from '../domain/opConfirm';
import { ACTION, indexedActionId } from './actionIds';
import { code, esc, LIMITS, truncate } from './text';

/** A button the caller has already stored a reference for: the value is an opaque RefStore id. */
export interface ButtonSpec {
  label: string;
  value: string;
  style?: 'primary' | 'danger';
  /** A button that stops, reboots or changes something: its dialog names what this instance loses. */
  confirm?: ConfirmText;
}

/** Slack's confirm dialog (danger style for a destructive operation), escaped here: the text came from AWS facts. */
export const confirmBlock = (c: ConfirmText): NonNullable<Button['confirm']> => ({
  title: { type: 'plain_text', text: truncate(c.title, 100) },
  text: { type: 'mrkdwn', text: truncate(esc(c.text), 300) },
  confirm: { type: 'plain_text', text: truncate(c.button ?? 'Do it', 30) },
  deny: { type: 'plain_text', text: 'Cancel' },
  ...(c.danger ? { style: 'danger' as const } : {}),
});

/** "*web-1* `i-0abc`" — the Name tag escaped, the id as code. */
export const instanceTitle = (id: string, i?: Pick<InstanceInfo, 'name'>): string =>
  i?.name ? `*${esc(i.name)}* ${code(id)}` : code(id);

/** "m5.large · running · prod/us-east-1" */
export const instanceFacts = (account: string, region: string, i?: InstanceInfo): string =>
  [i?.type, i?.state, `${account}/${region}`]
    .filter(Boolean)
    .map((s) => esc(s))
    .join(' · ');

/** One actions block of operation buttons; ids are numbered from `first` (unique within a message). */
export function opButtons(buttons: ButtonSpec[], first: number): ActionsBlock {
  return {
    type: 'actions',
    elements: buttons.map(
      (b, n): Button => ({
        type: 'button',
        text: { type: 'plain_text', text: truncate(b.label, LIMITS.buttonText) },
        action_id: indexedActionId(ACTION.op, first + n),
        value: b.value,
        ...(b.style ? { style: b.style } : {}),
        ...(b.confirm ? { confirm: confirmBlock(b.confirm) } : {}),
      }),
    ),
  };
}

/** Numbers buttons across a whole message so every action id is unique. */
export class ButtonCounter {
  private n = 0;
  next(count: number): number {
    const first = this.n;
    this.n += count;
    return first;
  }
}
