import type { Deps } from '../deps';
import type { Logger } from '../logger';
import type { SlackMessage } from '../slack/message';
import { MAX_PAGES } from '../views/pages';
import { progressView } from '../views/progress';
import { type AccountsProgress, countBy } from './accountsProgress';

/** Progress updates at most (each is one of response_url's five uses; the rest are the answer's). */
const MAX_UPDATES = 2;

/**
 * Streams a fleet-wide answer through one message updated in place: while the scan runs, the command's
 * own message ("Looking up events in 50 accounts…") is replaced by what has arrived so far — at most
 * twice, the first after `firstAfterMs`, the next `everyMs` later — and the final answer replaces it
 * again. response_url allows five uses: `pagesLeft()` is what remains for the answer.
 */
export class ProgressStream {
  private used = 0;
  private lastAt: number;
  private sending: Promise<void> = Promise.resolve();
  private done = false;

  constructor(
    private readonly deps: Pick<Deps, 'responder'>,
    private readonly target: { responseUrl?: string; public: boolean },
    private readonly log: Logger,
    private readonly opts: { firstAfterMs: number; everyMs: number; now?: () => number } = {
      firstAfterMs: 800,
      everyMs: 1000,
    },
  ) {
    this.lastAt = this.now() - opts.everyMs + opts.firstAfterMs;
  }

  private now(): number {
    return (this.opts.now ?? Date.now)();
  }

  /** Offers the current partial view; sent only when it is time and updates remain. */
  offer(view: () => SlackMessage): void {
    if (this.done || !this.target.responseUrl || this.used >= MAX_UPDATES) return;
    if (this.now() - this.lastAt < this.opts.everyMs) return;
    this.lastAt = this.now();
    this.used += 1;
    const url = this.target.responseUrl;
    const message = view();
    this.sending = this.sending.then(() =>
      this.deps.responder
        .respond(url, {
          ...message,
          response_type: this.target.public ? 'in_channel' : 'ephemeral',
          replace_original: true,
        })
        .catch((err) => this.log.warn({ err }, 'progress update not sent')),
    );
  }

  /** Stops updates and waits for one in flight, so the answer lands after (and replaces) it. */
  async finish(): Promise<{ pagesLeft: number; replacing: boolean }> {
    this.done = true;
    await this.sending;
    return { pagesLeft: MAX_PAGES - this.used, replacing: this.used > 0 };
  }
}

/**
 * The fan-out's progress callback that feeds a stream: while some but not all accounts are done, the
 * partial view counts what has arrived by `kindOf` ("3 instance-stop, 1 system-reboot"). None without a stream.
 */
export function progressReporter<I>(
  stream: ProgressStream | undefined,
  what: Parameters<typeof progressView>[0],
  title: string,
  kindOf: (i: I) => string,
): ((p: AccountsProgress<I>) => void) | undefined {
  if (!stream) return undefined;
  return (p) => {
    if (p.done > 0 && p.done < p.total)
      stream.offer(() => progressView(what, title, p.done, p.total, countBy(p.items, kindOf)));
  };
}
