import { consoleTailView } from '../../src/views/alertThread';
import { consoleFence } from '../../src/views/consoleFence';
import { consoleMessage } from '../../src/views/status';
import { LIMITS } from '../../src/views/text';

/** A console log whose end says why it died, after a lot of text that grows when escaped. */
const log = [
  ...Array.from({ length: 60 }, (_, i) => `[ ${i}.000] <<<driver>>> & noise line ${i} ${'<'.repeat(40)}`),
  '```',
  '<!channel> Out of memory: Killed process 1234 (java)',
  'Kernel panic - not syncing: Attempted to kill init! exitcode=0x00000009',
  '',
].join('\n');

describe('console output tail keeps the LAST lines', () => {
  it('cuts from the front after escaping, keeps the fence closed, fits the room', () => {
    const out = consoleFence(log, 1000);
    expect(out.length).toBeLessThanOrEqual(1000);
    expect(out.startsWith('```\n')).toBe(true);
    expect(out.endsWith('Kernel panic - not syncing: Attempted to kill init! exitcode=0x00000009\n```')).toBe(
      true,
    );
    expect(out.match(/```/g)).toHaveLength(2);
    expect(out).toContain('&lt;!channel&gt; Out of memory');
    expect(out).not.toContain('<!channel>');
    expect(out).not.toContain('[ 0.000]');
  });

  it('one line longer than the room keeps its own end, without half an entity', () => {
    const out = consoleFence(`${'<'.repeat(3000)}END`, 200);
    expect(out.length).toBeLessThanOrEqual(200);
    expect(out).toMatch(/^```\n&lt;(&lt;)+END\n```$/);
  });

  it('the alert thread reply and /ec2 status both end with the panic, inside one section', () => {
    const alert = consoleTailView('i-0abc1234def567890', log);
    const section = (alert.blocks![0] as { text: { text: string } }).text.text;
    expect(section.length).toBeLessThanOrEqual(LIMITS.sectionText);
    expect(section.endsWith('exitcode=0x00000009\n```')).toBe(true);
    const status = consoleMessage(
      [
        {
          row: {
            checks: { instanceId: 'i-0abc1234def567890' },
            instance: { name: '<'.repeat(250) },
          } as never,
          lines: log.split('\n'),
        },
      ],
      20,
    );
    const text = (status.blocks![0] as { text: { text: string } }).text.text;
    expect(text.length).toBeLessThanOrEqual(LIMITS.sectionText);
    expect(text.endsWith('exitcode=0x00000009\n```')).toBe(true);
  });
});
