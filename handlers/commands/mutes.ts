import { MuteLog } from '../../src/alerts/mutes';
import { muteKey } from '../../src/domain/alertRules';
import { mutesView } from '../../src/views/mutes';
import type { Command } from './types';

/** `/ec2 mutes`: the mute rules of every account, how many alerts each held, the latest held (Redis only). */
export const mutes: Command = {
  names: ['mutes'],
  usage: '',
  help: 'mute rules and the alerts they held',
  async run(_input, deps) {
    const { recent, counts } = await new MuteLog(deps).read();
    const rules = [...deps.config.accounts.values()].flatMap((a) =>
      a.mutes.map((rule) => ({ account: a.alias, rule, held: counts[muteKey(a.alias, rule)] ?? 0 })),
    );
    return { ...mutesView(rules, recent), response_type: 'ephemeral' };
  },
};
