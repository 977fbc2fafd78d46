/**
 * docker-compose.yml and the demo's image, checked as data (there is no Docker engine where the tests
 * run): the profiles start what the README says, every reference points at something that exists, and
 * the demo container gets everything the demo imports.
 */
import { existsSync, readFileSync } from 'node:fs';
import { parse } from 'yaml';

interface Service {
  image?: string;
  build?: string | { context: string; dockerfile?: string };
  profiles?: string[];
  entrypoint?: string[];
  environment?: Record<string, string>;
  volumes?: string[];
  ports?: string[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
}
const compose = parse(readFileSync('docker-compose.yml', 'utf8')) as { services: Record<string, Service> };
const services = compose.services;
const readme = readFileSync('README.md', 'utf8');
/** Services `docker compose --profile <p> up` starts: those without a profile and those in it. */
const started = (profile?: string) =>
  Object.entries(services)
    .filter(([, s]) => !s.profiles || (profile !== undefined && s.profiles.includes(profile)))
    .map(([name]) => name)
    .sort();

describe('docker-compose.yml', () => {
  it('plain `up` starts Redis alone; `--profile bot` the bot; `--profile demo` Redis, moto and the demo', () => {
    expect(started()).toEqual(['redis']);
    expect(started('bot')).toEqual(['bot', 'redis']);
    expect(started('demo')).toEqual(['demo', 'moto', 'redis']);
  });

  it('depends only on services it defines, waiting for their health checks', () => {
    for (const [name, s] of Object.entries(services)) {
      for (const [dep, cond] of Object.entries(s.depends_on ?? {})) {
        expect({ name, dep, defined: dep in services }).toEqual({ name, dep, defined: true });
        expect(cond.condition).toBe('service_healthy');
        expect(services[dep]?.healthcheck).toBeDefined();
      }
    }
  });

  it('names its images in the README', () => {
    const images = Object.values(services).flatMap((s) => (s.image ? [s.image] : []));
    expect(images).toEqual(
      expect.arrayContaining(['redis:7-alpine', expect.stringMatching(/^motoserver\/moto:5\./)]),
    );
    for (const image of images) expect(readme).toContain(image);
  });

  it("moto runs the repository's launcher with its extra endpoints, on the port the demo is given", () => {
    const moto = services.moto as Service;
    const [, script, port] = moto.entrypoint ?? [];
    const mount = (moto.volumes ?? []).find((v) => v.split(':')[1] === script);
    expect(mount).toBeDefined();
    expect(existsSync(String(mount?.split(':')[0]))).toBe(true);
    expect(readFileSync(String(mount?.split(':')[0]), 'utf8')).toContain('MOTO_HOST');
    expect(moto.environment?.MOTO_HOST).toBe('0.0.0.0');
    expect(services.demo?.environment?.DEMO_MOTO_URL).toBe(`http://moto:${port}`);
    expect(services.demo?.environment?.REDIS_URL).toBe('redis://redis:6379');
  });

  it('the demo image holds what the demo imports and starts demo/main.ts on the published port', () => {
    const build = services.demo?.build as { context: string; dockerfile: string };
    const dockerfile = readFileSync(build.dockerfile, 'utf8');
    const copied = [...dockerfile.matchAll(/^COPY (\S+) /gm)].map((m) => m[1] as string);
    for (const src of copied) expect({ src, exists: existsSync(src) }).toEqual({ src, exists: true });
    expect(dockerfile).toMatch(/CMD \[.*"demo\/main\.ts"\]/);
    const ignored = readFileSync(`${build.dockerfile}.dockerignore`, 'utf8')
      .split('\n')
      .filter((l) => l && !l.startsWith('#'));
    const demoFiles = ['demo/main.ts', 'demo/console/toBot.ts', 'demo/seed.ts', 'demo/fleet.ts'];
    const imported = demoFiles.flatMap((f) =>
      [...readFileSync(f, 'utf8').matchAll(/from '((?:\.\.\/)+test\/helpers\/[\w]+)'/g)].map(
        (m) => `test/helpers/${String(m[1]).split('/').pop()}.ts`,
      ),
    );
    expect(imported.length).toBeGreaterThan(0);
    for (const f of imported) {
      expect(existsSync(f)).toBe(true);
      expect(copied.some((c) => f.startsWith(c))).toBe(true);
      expect(ignored.some((i) => f.startsWith(i))).toBe(false);
    }
    const port = services.demo?.environment?.DEMO_PORT;
    expect(services.demo?.ports).toEqual([`${port}:${port}`]);
    expect(services.demo?.environment?.DEMO_HOST).toBe('0.0.0.0');
  });
});
