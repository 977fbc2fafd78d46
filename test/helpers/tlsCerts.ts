import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TlsFiles } from './redisCluster';

const openssl = (args: string[]): void => {
  execFileSync('openssl', args, { stdio: 'pipe' });
};

/**
 * A throwaway CA and a server certificate it signed for 127.0.0.1 and localhost (openssl, in `dir`),
 * valid one day: what a TLS redis-server in a test presents, and the CA a client must be given.
 */
export function makeTlsFiles(dir: string): TlsFiles {
  const f = (name: string) => join(dir, name);
  openssl(
    ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=ec2bot test CA'].concat([
      '-keyout',
      f('ca.key'),
      '-out',
      f('ca.crt'),
    ]),
  );
  openssl(
    ['req', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=localhost'].concat([
      '-keyout',
      f('redis.key'),
      '-out',
      f('redis.csr'),
    ]),
  );
  writeFileSync(f('san.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
  openssl(
    ['x509', '-req', '-days', '1', '-in', f('redis.csr'), '-CA', f('ca.crt'), '-CAkey', f('ca.key')].concat([
      '-CAcreateserial',
      '-extfile',
      f('san.ext'),
      '-out',
      f('redis.crt'),
    ]),
  );
  return { cert: f('redis.crt'), key: f('redis.key'), ca: f('ca.crt') };
}
