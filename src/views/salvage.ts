import type { SlackMessage } from '../slack/message';
import { section } from './blocks';
import { code, esc } from './text';

export interface LostView {
  op: string;
  instance: string;
  /** Why the job was lost, in plain words. */
  why: string;
  /** What the bot does about it now. */
  action: 'resume' | 'rollback' | 'report';
  /** Configured requester id, mentioned so they see it. */
  requester?: string;
  /** The instance's state now (report). */
  state?: string;
  /** The one command that finishes it (report). */
  command?: string;
  redisLost: boolean;
}

const ACTION: Record<LostView['action'], string> = {
  resume: 'Picking it up where it stopped: every step reads AWS first, so nothing is done twice.',
  rollback: 'Rolling it back to where the instance was before.',
  report: 'Not repeating it by itself.',
};

/** An operation whose job was lost in flight: what happened, what the bot does now, how to finish. Pure. */
export function lostOperationView(v: LostView): SlackMessage {
  const who = v.requester && /^[UW][A-Z0-9]{2,}$/.test(v.requester) ? `<@${v.requester}> ` : '';
  const lines = [
    `:rotating_light: ${who}The job running *${esc(v.op)}* on ${esc(v.instance)} was lost: ${esc(v.why)}. ${ACTION[v.action]}`,
    ...(v.state ? [`The instance is now *${esc(v.state)}*.`] : []),
    ...(v.command ? [`To finish: ${code(v.command)}`] : []),
    ...(v.redisLost
      ? [
          'The bot’s Redis lost its state: approval requests still pending from before are gone — ask for them again.',
        ]
      : []),
  ];
  const text = lines.join('\n');
  return { text: text.replace(/[<>]/g, ''), blocks: [section(text)] };
}
