/*
 * "Fetch the latest state" that never loses the last update of a burst. One file shared by the page
 * (window.Latest) and the jest tests (require). A call while a fetch is in flight does not just join
 * it — that fetch may have left before the change it was called for — it marks that one more fetch is
 * needed after it; a burst of calls costs at most one extra fetch.
 */
((root, factory) => {
  if (typeof module === 'object' && module.exports) module.exports = factory();
  else root.Latest = factory();
})(typeof self !== 'undefined' ? self : this, () => {
  /** `load` fetches and applies the state; the returned function runs it, coalescing calls. */
  function latest(load) {
    let running = null;
    let again = false;
    return function refresh() {
      if (running) {
        again = true;
        return running;
      }
      running = (async () => {
        try {
          do {
            again = false;
            await load();
          } while (again);
        } finally {
          running = null;
        }
      })();
      return running;
    };
  }
  return { latest };
});
