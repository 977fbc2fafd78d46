import { fitBlocks, linesToSections, section } from '../../src/views/blocks';
import { esc, LIMITS, truncate } from '../../src/views/text';

describe('escaping and Slack limits', () => {
  it('escapes mentions, links and entities from AWS or users', () => {
    expect(esc('<!channel> & <https://evil|click>')).toBe(
      '&lt;!channel&gt; &amp; &lt;https://evil|click&gt;',
    );
    expect(esc(undefined)).toBe('');
  });

  it('truncates without cutting an entity in half', () => {
    const s = `${'a'.repeat(10)}&amp;`;
    expect(truncate(s, 13)).toBe(`${'a'.repeat(10)}…`);
    expect(truncate('short', 10)).toBe('short');
  });

  it('keeps a section within 3,000 characters', () => {
    const b = section('x'.repeat(5000));
    expect((b.text as { text: string }).text.length).toBe(LIMITS.sectionText);
  });

  it('cuts a message to 50 blocks with a note saying how many more', () => {
    const blocks = Array.from({ length: 80 }, (_, i) => section(`row ${i}`));
    const fitted = fitBlocks(blocks, (n) => `${n} more rows in the thread`);
    expect(fitted).toHaveLength(50);
    expect(JSON.stringify(fitted[49])).toContain('31 more rows in the thread');
  });

  it('packs lines into sections under the limit, losing none', () => {
    const lines = Array.from({ length: 500 }, (_, i) => `line ${i} ${'z'.repeat(40)}`);
    const sections = linesToSections(lines);
    const texts = sections.map((s) => (s.text as { text: string }).text);
    expect(texts.every((t) => t.length <= LIMITS.sectionText)).toBe(true);
    expect(texts.join('\n').split('\n')).toEqual(lines);
  });
});
