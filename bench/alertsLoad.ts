import { Agent, request } from 'node:http';

/** Posts every body to url with `concurrency` keep-alive connections; returns wall time and statuses. */
export async function postAll(
  url: string,
  bodies: string[],
  headers: Record<string, string>,
  concurrency = 48,
): Promise<{ ms: number; statuses: Map<number, number> }> {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const u = new URL(url);
  const statuses = new Map<number, number>();
  let next = 0;
  const one = (body: string) =>
    new Promise<void>((resolve, reject) => {
      const req = request(
        {
          host: u.hostname,
          port: u.port,
          path: u.pathname,
          method: 'POST',
          agent,
          headers: { ...headers, 'content-length': Buffer.byteLength(body) },
        },
        (res) => {
          statuses.set(res.statusCode ?? 0, (statuses.get(res.statusCode ?? 0) ?? 0) + 1);
          res.resume();
          res.on('end', resolve);
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < bodies.length) {
        const b = bodies[next++] as string;
        await one(b);
      }
    }),
  );
  const ms = performance.now() - t0;
  agent.destroy();
  return { ms, statuses };
}
