import { Writable } from 'node:stream';
import { createLogger } from '../../src/logger';

describe('logger redaction', () => {
  it('never writes a configured secret or a token field', () => {
    const out: string[] = [];
    const dest = new Writable({
      write(c, _e, cb) {
        out.push(c.toString());
        cb();
      },
    });
    const log = createLogger({ secrets: ['xoxb-super-secret-token'], destination: dest });
    log.info(
      { token: 'xoxp-other', body: { token: 'abc123' }, headers: { authorization: 'Bearer zzz' } },
      'hello',
    );
    log.error({ err: new Error('failed with xoxb-super-secret-token') }, 'oops xoxb-super-secret-token');
    const text = out.join('');
    expect(text).not.toContain('xoxb-super-secret-token');
    expect(text).not.toContain('xoxp-other');
    expect(text).not.toContain('Bearer zzz');
    expect(text).toContain('[Redacted]');
  });
});
