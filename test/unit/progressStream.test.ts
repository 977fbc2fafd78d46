import { createLogger } from '../../src/logger';
import { ProgressStream } from '../../src/query/progress';
import type { ResponseMessage } from '../../src/slack/message';

const log = createLogger({ level: 'silent' });
const view = (text: string) => () => ({ text, blocks: [] });

function setup() {
  let t = 0;
  const sent: { url: string; msg: ResponseMessage }[] = [];
  const responder = { respond: async (url: string, msg: ResponseMessage) => void sent.push({ url, msg }) };
  const stream = new ProgressStream(
    { responder },
    { responseUrl: 'https://hooks.slack.test/r/1', public: false },
    log,
    { firstAfterMs: 800, everyMs: 1000, now: () => t },
  );
  const at = (ms: number): void => {
    t = ms;
  };
  return { stream, sent, at };
}

describe('ProgressStream', () => {
  it('waits firstAfterMs, then updates at most every everyMs and at most twice, replacing the message', async () => {
    const { stream, sent, at } = setup();
    at(500);
    stream.offer(view('too early'));
    at(900);
    stream.offer(view('first'));
    at(1500);
    stream.offer(view('too soon'));
    at(2000);
    stream.offer(view('second'));
    at(5000);
    stream.offer(view('third: over the budget'));
    expect(await stream.finish()).toEqual({ pagesLeft: 3, replacing: true });
    expect(sent.map((s) => s.msg.text)).toEqual(['first', 'second']);
    expect(sent.every((s) => s.msg.replace_original === true && s.msg.response_type === 'ephemeral')).toBe(
      true,
    );
  });

  it('a fast scan sends nothing and leaves the answer all five uses', async () => {
    const { stream, sent, at } = setup();
    at(300);
    stream.offer(view('fast'));
    expect(await stream.finish()).toEqual({ pagesLeft: 5, replacing: false });
    at(5000);
    stream.offer(view('after finish'));
    expect(sent).toEqual([]);
  });
});
