import type { IncomingMessage } from 'node:http';

export type ApiBody = Record<string, unknown>;

/** Reads a request body: JSON, or form-encoded (how Slack's SDK sends Web API calls). */
export async function readBody(
  req: IncomingMessage,
  limit = 1024 * 1024,
): Promise<{ raw: string; body: ApiBody }> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req) {
    size += (c as Buffer).length;
    if (size > limit) throw new Error('body too large');
    chunks.push(c as Buffer);
  }
  const raw = Buffer.concat(chunks).toString('utf8');
  if (!raw) return { raw, body: {} };
  if ((req.headers['content-type'] ?? '').includes('json')) {
    const parsed: unknown = JSON.parse(raw);
    return { raw, body: parsed && typeof parsed === 'object' ? (parsed as ApiBody) : {} };
  }
  return { raw, body: Object.fromEntries(new URLSearchParams(raw)) };
}

/** Block Kit arrives as a JSON string in form bodies and as an array in JSON bodies. */
export function blocksFrom(v: unknown): unknown[] | undefined {
  if (Array.isArray(v)) return v;
  if (typeof v === 'string' && v.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(v);
      return Array.isArray(parsed) ? parsed : undefined;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** A JSON object that arrives as a JSON string in form bodies (a `view`) or as an object in JSON ones. */
export function objectFrom(v: unknown): Record<string, unknown> | undefined {
  if (typeof v === 'string' && v.startsWith('{')) {
    try {
      return objectFrom(JSON.parse(v));
    } catch {
      return undefined;
    }
  }
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}
