import { createLogger } from '../../src/logger';
import { Responder } from '../../src/slack/responder';

describe('Responder', () => {
  const log = createLogger({ level: 'silent' });
  const r = new Responder('https://slack.com/api/', log);

  it('accepts Slack hooks URLs over https only', () => {
    expect(r.isAllowed('https://hooks.slack.com/commands/T1/2/abc')).toBe(true);
    expect(r.isAllowed('http://hooks.slack.com/commands/T1/2/abc')).toBe(false);
    expect(r.isAllowed('https://hooks.slack.com.evil.example/commands')).toBe(false);
    expect(r.isAllowed('https://169.254.169.254/latest/meta-data')).toBe(false);
    expect(r.isAllowed('not a url')).toBe(false);
  });

  it('accepts the host of SLACK_API_URL (a local fake in tests)', () => {
    const local = new Responder('http://127.0.0.1:4567/api/', log);
    expect(local.isAllowed('http://127.0.0.1:4567/response/1')).toBe(true);
    expect(local.isAllowed('http://127.0.0.1:9999/response/1')).toBe(false);
  });
});
