import type { KnownBlock } from '@slack/types';
import { LIMITS } from './text';

/** response_url answers a command at most 5 times: one message and four follow-ups. */
export const MAX_PAGES = 5;
/** Blocks a page may fill with content; one stays free for a "continued"/"N more" note. */
const PAGE_BLOCKS = LIMITS.blocks - 1;

/** A page is a list of parts; each part is a run of rows of one group (its header or a continuation). */
export interface PagePart {
  group: number;
  continued: boolean;
  rows: number[];
}
export type PagePlan = PagePart[];

/**
 * Lays grouped rows out over at most `maxPages` messages of at most 50 blocks: a group header takes
 * one block (a continuation header on a later page too), row r of group g takes `rowBlocks[g][r]`.
 * A header is never left alone at the end of a page. Pure: the caller renders what the plan says.
 */
export function planPages(
  headBlocks: number,
  rowBlocks: number[][],
  maxPages = MAX_PAGES,
): { pages: PagePlan[]; hiddenRows: number } {
  const pages: PagePlan[] = [[]];
  let used = headBlocks;
  let hiddenRows = 0;
  let full = false;
  rowBlocks.forEach((rows, g) => {
    let part: PagePart | undefined;
    rows.forEach((size, r) => {
      const need = size + (part ? 0 : 1);
      if (full || used + need > PAGE_BLOCKS) {
        if (full || pages.length >= maxPages) {
          full = true;
          hiddenRows += 1;
          return;
        }
        pages.push([]);
        used = 0;
        part = undefined;
      }
      if (!part) {
        part = { group: g, continued: r > 0, rows: [] };
        pages[pages.length - 1]!.push(part);
        used += 1;
      }
      part.rows.push(r);
      used += size;
    });
  });
  return { pages: pages.filter((p, n) => n === 0 || p.length > 0), hiddenRows };
}

/** Rows a plan shows, as [group, row] pairs in page order. */
export const shownRows = (pages: PagePlan[]): [number, number][] =>
  pages.flatMap((p) => p.flatMap((part) => part.rows.map((r): [number, number] => [part.group, r])));

export interface PageRenderer {
  header(group: number, continued: boolean): KnownBlock;
  row(group: number, row: number): KnownBlock[];
}

/** Turns a plan into block lists; `head` opens the first page, `tail` (if any) closes the last. */
export function renderPages(
  head: KnownBlock[],
  pages: PagePlan[],
  render: PageRenderer,
  tail?: KnownBlock,
): KnownBlock[][] {
  const out = pages.map((parts, n) => [
    ...(n === 0 ? head : []),
    ...parts.flatMap((part) => [
      render.header(part.group, part.continued),
      ...part.rows.flatMap((r) => render.row(part.group, r)),
    ]),
  ]);
  if (tail) out[out.length - 1]!.push(tail);
  return out;
}
