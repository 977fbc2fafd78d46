import { pageTransitions } from '../../src/alerts/pager';
import { parseConfig } from '../../src/config/load';
import { pagerEnvProblems } from '../../src/config/pagerEnv';

describe('what a pager is told', () => {
  it.each([
    [undefined, 'triggered', ['trigger']],
    [undefined, 'acknowledged', ['trigger', 'acknowledge']],
    [undefined, 'resolved', []],
    ['triggered', 'triggered', []],
    ['triggered', 'acknowledged', ['acknowledge']],
    ['triggered', 'resolved', ['resolve']],
    ['acknowledged', 'resolved', ['resolve']],
    ['acknowledged', 'triggered', []],
    ['resolved', 'triggered', []],
  ] as const)('sent %s, want %s → %j', (sent, want, actions) => {
    expect(pageTransitions(sent, want)).toEqual(actions);
  });
});

describe('pager configuration', () => {
  const yaml = (extra: string) => `
accounts:
  prod:
    id: "111111111111"
    role_arn: arn:aws:iam::111111111111:role/ec2-ops-bot
    alert_channel: C0PROD
${extra}`;

  it('names environment variables, never the secrets; an unset one is an error naming the key and the fix', () => {
    const config = parseConfig(
      yaml(
        '    pagerduty: { routing_key_env: PD_KEY_PROD }\n    alert_webhook: { url_env: OPS_HOOK, token_env: OPS_TOKEN }',
      ),
      'accounts.yml',
    );
    expect(pagerEnvProblems(config, { PD_KEY_PROD: 'k', OPS_HOOK: 'https://x', OPS_TOKEN: 't' })).toEqual([]);
    expect(pagerEnvProblems(config, { OPS_HOOK: 'https://x' })).toEqual([
      'accounts.prod.pagerduty.routing_key_env: environment variable PD_KEY_PROD is not set — export it, or remove the key',
      'accounts.prod.alert_webhook.token_env: environment variable OPS_TOKEN is not set — export it, or remove the key',
    ]);
  });

  it('refuses a routing key pasted where the variable name goes', () => {
    expect(() =>
      parseConfig(yaml('    pagerduty: { routing_key_env: "R0abc-def" }'), 'accounts.yml'),
    ).toThrow(/accounts\.prod\.pagerduty\.routing_key_env: not an environment variable name/);
  });
});
