import fc from 'fast-check';
// The demo console's renderer is plain JS so the page loads it without a build step; this is the same file.
import { formatDate, mrkdwn, renderMessage } from '../../demo/console/public/blockkit';
import { context, header, section } from '../../src/views/blocks';
import { esc } from '../../src/views/text';

/** Tags the renderer may emit for text that carried no Slack markup. */
const PLAIN_TAGS = /^<\/?(b|i|s|code|pre|br|blockquote|div|span)( class="[\w -]+")?>$/;

const tagsOf = (html: string): string[] => html.match(/<[^>]*>/g) ?? [];

describe('demo console Block Kit renderer', () => {
  it('shows a Name tag <!channel> that the bot escaped as text, not as a ping', () => {
    const html = renderMessage({ blocks: [section(`*${esc('<!channel>')}* \`i-0abc\``)] });
    expect(html).toContain('<b>&lt;!channel&gt;</b>');
    expect(html).not.toContain('bk-special');
  });

  it('shows raw <!channel> markup as a ping (so the check above can fail)', () => {
    expect(mrkdwn('<!channel> wake up')).toContain('<span class="bk-mention bk-special">@channel</span>');
  });

  it('never lets escaped text become HTML or Slack markup', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (s) => {
        const html = mrkdwn(`*${esc(s)}* ${esc(s)}\n> ${esc(s)}`);
        for (const tag of tagsOf(html)) expect(tag).toMatch(PLAIN_TAGS);
      }),
      { numRuns: 300 },
    );
  });

  it('escapes plain_text headers and context from AWS', () => {
    const html = renderMessage({ blocks: [header('<img src=x onerror=alert(1)>'), context(esc('a & <b>'))] });
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('a &amp; &lt;b&gt;');
    expect(html).not.toContain('<img');
  });

  it('renders mentions, links, code blocks and dates', () => {
    const html = mrkdwn(
      '<@U0BOB> see <https://aws.amazon.com/|docs>\n```a <b>```\n<!date^0^{date_num}|1970-01-01>',
    );
    expect(html).toContain('data-user="U0BOB"');
    expect(html).toContain(
      '<a href="https://aws.amazon.com/" target="_blank" rel="noopener noreferrer">docs</a>',
    );
    expect(html).toContain('<pre>a &lt;b&gt;</pre>');
    expect(html).toContain(`>${formatDate(0, '{date_num}')}</time>`);
  });

  it('carries bold and italic through a date token, as Slack does (a plan\'s "*needs a person before <date>*")', () => {
    const html = mrkdwn(
      '— *needs a person before <!date^0^{date_short}|x>*: replace it\n_AWS acts at <!date^0^{date_short}|x>: AWS *terminates* it_',
    );
    expect(html).toMatch(/<b>needs a person before <time[^>]*>[^<]*<\/time><\/b>: replace it/);
    expect(html).toMatch(/<i>AWS acts at <time[^>]*>[^<]*<\/time>: AWS <b>terminates<\/b> it<\/i>/);
    expect(mrkdwn('a \uE0000\uE000 b <@U0BOB>')).not.toContain('undefined');
  });

  it('renders section fields, dividers and context elements', () => {
    const html = renderMessage({
      blocks: [
        {
          type: 'section',
          fields: [
            { type: 'mrkdwn', text: '*Type*\nm4.large' },
            { type: 'plain_text', text: 'a <b>' },
          ],
        },
        { type: 'divider' },
        { type: 'context', elements: [{ type: 'mrkdwn', text: '_by_ <@U0BOB>' }] },
      ],
    });
    expect(html.match(/class="bk-field"/g)).toHaveLength(2);
    expect(html).toContain('<b>Type</b><br>m4.large');
    expect(html).toContain('a &lt;b&gt;');
    expect(html).toContain('<hr class="bk-divider">');
    expect(html).toContain('<i>by</i>');
  });

  it('does not link javascript: URLs', () => {
    expect(mrkdwn('<javascript:alert(1)|click>')).not.toContain('<a ');
  });

  it('renders buttons with style, value and confirm, and says which blocks it cannot show', () => {
    const html = renderMessage({
      blocks: [
        {
          type: 'actions',
          elements: [
            {
              type: 'button',
              action_id: 'ec2.approval.approve',
              text: { type: 'plain_text', text: 'Approve' },
              style: 'primary',
              value: 'ap"1',
              confirm: { title: { type: 'plain_text', text: 'Sure?' } },
            },
          ],
        },
        { type: 'video' },
      ],
    });
    expect(html).toContain('class="bk-btn bk-primary" data-action-id="ec2.approval.approve"');
    expect(html).toContain('data-value="ap&quot;1"');
    expect(html).toContain('data-confirm="{&quot;title&quot;');
    expect(html).toContain('[block video not rendered by the console]');
  });
});
