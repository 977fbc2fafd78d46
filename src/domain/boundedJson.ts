/**
 * JSON.parse with a nesting bound. V8 parses deeply nested JSON without complaint, but everything that
 * walks the value afterwards recursively (JSON.stringify when the event is queued, structured clone)
 * overflows the stack: one 100,000-deep body used to fail the whole ingest batch it shared with good
 * events. AWS events nest a handful of levels; 32 leaves ample room. Pure.
 */
export const MAX_JSON_DEPTH = 32;

export type BoundedJson = { ok: true; value: unknown } | { ok: false; reason: 'malformed' | 'too-deep' };

/** The deepest `{`/`[` nesting of a JSON text (strings skipped), stopping early past `limit`. O(n). */
export function jsonDepth(text: string, limit = Number.POSITIVE_INFINITY): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92)
        i++; // backslash: skip the escaped character
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) {
      depth++;
      if (depth > max) max = depth;
      if (max > limit) return max;
    } else if (c === 125 || c === 93) depth--;
  }
  return max;
}

export function parseBoundedJson(text: string, maxDepth = MAX_JSON_DEPTH): BoundedJson {
  if (jsonDepth(text, maxDepth) > maxDepth) return { ok: false, reason: 'too-deep' };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false, reason: 'malformed' };
  }
}
