import { AUDIT } from '../../src/jobs/audit';
import { enqueueQuery } from './enqueueQuery';
import { queryTarget, scopeText, targetPayload } from './queryTarget';
import type { Command } from './types';

/** `/ec2 audit <account|all> [region] [--public]`: ack, then the `audit` job answers. */
export const audit: Command = {
  names: ['audit'],
  usage: '<account|all>',
  help: 'open SSH/RDP, public IP without EIP, unencrypted roots, Xen types',
  async run(input, deps) {
    const target = queryTarget(input, deps);
    await enqueueQuery(deps, input, AUDIT, targetPayload(target));
    return { text: `Auditing ${scopeText(target)}…`, response_type: 'ephemeral' };
  },
};
