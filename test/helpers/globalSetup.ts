import { execFileSync } from 'node:child_process';
import IORedis from 'ioredis';

/**
 * Integration tests need the real Redis (and its redis-server / redis-cli binaries, for the cluster
 * tests) and Python moto. When either is missing the run fails and
 * says how to get it: it never skips silently.
 */
export default async function globalSetup(): Promise<void> {
  const url = process.env.REDIS_URL || 'redis://127.0.0.1:6379';
  const redis = new IORedis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    connectTimeout: 2000,
  });
  redis.on('error', () => {});
  try {
    await redis.connect();
    await redis.ping();
  } catch {
    throw new Error(
      `Redis does not answer at ${url}. Start it: redis-server --daemonize yes --port 6379 --save "" --appendonly no (or set REDIS_URL).`,
    );
  } finally {
    redis.disconnect();
  }
  for (const bin of ['redis-server', 'redis-cli']) {
    try {
      execFileSync(bin, ['--version'], { stdio: 'pipe' });
    } catch {
      throw new Error(
        `${bin} is not on PATH: the Redis Cluster tests start their own three-shard cluster with it. Install Redis (Debian: apt-get install redis-server).`,
      );
    }
  }
  const python = process.env.MOTO_PYTHON || 'python3';
  try {
    execFileSync(
      python,
      ['-c', 'import moto, moto.server, werkzeug; assert int(moto.__version__.split(".")[0]) >= 5'],
      {
        stdio: 'pipe',
      },
    );
  } catch {
    throw new Error(
      `Python moto 5 is not importable with ${python}. Install it: pip install 'moto[server]>=5' (or set MOTO_PYTHON to a python that has it).`,
    );
  }
}
