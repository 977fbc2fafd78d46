// The console page's refresher is plain JS so the page loads it without a build step; this is the same file.
import { latest } from '../../demo/console/public/latest';

describe('demo console refresh', () => {
  it('a change announced while a fetch is in flight is fetched after it: the last update of a burst is shown', async () => {
    let version = 0;
    let shown = -1;
    const releases: (() => void)[] = [];
    const refresh = latest(async () => {
      const seen = version; // what the server had when this fetch left
      await new Promise<void>((r) => releases.push(r));
      shown = seen;
    });
    version = 1;
    const first = refresh();
    // a burst of updates lands while the first fetch is in flight
    version = 2;
    void refresh();
    version = 3;
    const last = refresh();
    releases.shift()!();
    await new Promise((r) => setTimeout(r, 0));
    expect(releases).toHaveLength(1); // one more fetch, not one per call
    releases.shift()!();
    await Promise.all([first, last]);
    expect(shown).toBe(3);
  });

  it('a lone call fetches once', async () => {
    let calls = 0;
    const refresh = latest(async () => {
      calls += 1;
    });
    await refresh();
    await refresh();
    expect(calls).toBe(2);
  });
});
