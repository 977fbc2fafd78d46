/** Types of latest.js (plain JS so the page loads it without a build step). */
export function latest(load: () => Promise<void>): () => Promise<void>;
