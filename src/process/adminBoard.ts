import { createHash, timingSafeEqual } from 'node:crypto';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { Express, RequestHandler } from 'express';
import type { Queues } from '../jobs/queueClient';

export const ADMIN_PATH = '/admin/queues';

const digest = (s: string): Buffer => createHash('sha256').update(s).digest();

/** HTTP basic auth against one password, compared in constant time (user name: ADMIN_USER, default admin). */
export function basicAuth(user: string, password: string): RequestHandler {
  const expected = digest(`${user}:${password}`);
  return (req, res, next) => {
    const header = req.headers.authorization ?? '';
    const given = header.startsWith('Basic ') ? Buffer.from(header.slice(6), 'base64').toString('utf8') : '';
    if (given && timingSafeEqual(digest(given), expected)) return next();
    res.setHeader('www-authenticate', 'Basic realm="ec2-ops-bot queues", charset="UTF-8"');
    res.status(401).send('authentication required');
  };
}

/** Bull Board at /admin/queues behind basic auth; not mounted at all without ADMIN_PASSWORD. */
export function mountAdminBoard(
  http: Express,
  queues: Queues,
  creds: { user: string; password: string },
): void {
  const adapter = new ExpressAdapter();
  adapter.setBasePath(ADMIN_PATH);
  createBullBoard({ queues: queues.all().map((q) => new BullMQAdapter(q)), serverAdapter: adapter });
  http.use(ADMIN_PATH, basicAuth(creds.user, creds.password), adapter.getRouter());
}
