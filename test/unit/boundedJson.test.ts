import { jsonDepth, MAX_JSON_DEPTH, parseBoundedJson } from '../../src/domain/boundedJson';
import { fixture } from '../helpers/alertsKit';

describe('bounded JSON parse', () => {
  it('measures nesting, ignoring brackets inside strings and escaped quotes', () => {
    expect(jsonDepth('{"a":[1,{"b":2}]}')).toBe(3);
    expect(jsonDepth('{"a":"[[[{{{\\"[[["}')).toBe(1);
    expect(jsonDepth('"just a string"')).toBe(0);
  });

  it('parses every captured AWS event fixture', () => {
    for (const f of ['health-retirement.json', 'alarm-system-alarm.json', 'state-stopped.json']) {
      const r = parseBoundedJson(JSON.stringify(fixture(f)));
      expect(r.ok).toBe(true);
    }
  });

  it('refuses a body nested past the bound without parsing it, and malformed text', () => {
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    expect(parseBoundedJson(deep)).toEqual({ ok: false, reason: 'too-deep' });
    const edge = `${'['.repeat(MAX_JSON_DEPTH)}${']'.repeat(MAX_JSON_DEPTH)}`;
    expect(parseBoundedJson(edge).ok).toBe(true);
    expect(parseBoundedJson(`[${edge}]`)).toEqual({ ok: false, reason: 'too-deep' });
    expect(parseBoundedJson('{"a":')).toEqual({ ok: false, reason: 'malformed' });
  });
});
