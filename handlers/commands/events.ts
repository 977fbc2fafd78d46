import { EVENTS } from '../../src/jobs/events';
import { enqueueQuery } from './enqueueQuery';
import { queryTarget, scopeText, targetPayload } from './queryTarget';
import type { Command } from './types';

/** `/ec2 events <account|all> [region] [--public]`: ack, then the `events` job answers. */
export const events: Command = {
  names: ['events'],
  usage: '<account|all> [region]',
  help: 'scheduled events and AWS Health, every region',
  async run(input, deps) {
    const target = queryTarget(input, deps);
    await enqueueQuery(deps, input, EVENTS, targetPayload(target));
    return { text: `Looking up events in ${scopeText(target)}…`, response_type: 'ephemeral' };
  },
};
