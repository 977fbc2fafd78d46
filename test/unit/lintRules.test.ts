import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * `npm run lint` keeps the layers: it fails on an import cycle (type-only imports included), on an
 * AWS SDK import outside src/aws, on a view that imports more than models, and on the raw EC2 client outside src/aws and src/runtime.ts. Checked by running the project's Biome with the project's config
 * over a small tree that breaks each rule.
 */
const biome = path.join(__dirname, '../../node_modules/.bin/biome');

function lint(files: Record<string, string>): { ok: boolean; out: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'ec2bot-lint-'));
  copyFileSync(path.join(__dirname, '../../biome.json'), path.join(dir, 'biome.json'));
  mkdirSync(path.join(dir, 'lint'));
  copyFileSync(path.join(__dirname, '../../lint/ec2Port.grit'), path.join(dir, 'lint/ec2Port.grit'));
  for (const [name, text] of Object.entries(files)) {
    const file = path.join(dir, name);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
  }
  try {
    const out = execFileSync(biome, ['lint', '.'], { cwd: dir, encoding: 'utf8', stdio: 'pipe' });
    return { ok: true, out };
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string };
    return { ok: false, out: `${e.stdout ?? ''}${e.stderr ?? ''}` };
  }
}

describe('npm run lint', () => {
  it('fails on an import cycle, even a type-only one', () => {
    const r = lint({
      'src/a.ts': "import type { B } from './b';\nexport interface A { b?: B }\n",
      'src/b.ts': "import type { A } from './a';\nexport interface B { a?: A }\n",
    });
    expect(r.ok).toBe(false);
    expect(r.out).toContain('noImportCycles');
  });

  it('fails on an AWS SDK import outside src/aws, and passes the same import inside it', () => {
    const sdk = "import { EC2Client } from '@aws-sdk/client-ec2';\nexport const c = EC2Client;\n";
    const outside = lint({ 'src/ops/x.ts': sdk });
    expect(outside.ok).toBe(false);
    expect(outside.out).toContain('noRestrictedImports');
    expect(lint({ 'src/aws/x.ts': sdk }).ok).toBe(true);
  });

  it('fails when a view imports an adapter, a store or an operation, and passes domain and planner types', () => {
    const bad = lint({
      'src/views/x.ts': "import type { Ec2Ops } from '../aws/ec2Ops';\nexport type X = Ec2Ops;\n",
    });
    expect(bad.ok).toBe(false);
    expect(bad.out).toContain('Views render models');
    expect(
      lint({ 'src/views/y.ts': "import { CATALOG } from '../ops/catalog';\nexport const y = CATALOG;\n" }).ok,
    ).toBe(false);
    const good = lint({
      'src/views/z.ts':
        "import type { Instance } from '../domain/instance';\nimport type { PlanRecord } from '../planner/record';\nexport type Z = [Instance, PlanRecord];\n",
    });
    expect(good.out).not.toContain('Views render models');
  });

  it('fails on the raw EC2 client outside src/aws and src/runtime.ts, and passes the port', () => {
    const raw =
      "export const x = (deps: { aws: { ec2(a: string, r: string): unknown } }) =>\n  deps.aws.ec2('prod', 'us-east-1');\n";
    const typed =
      "import type { AwsClients } from '../aws/clients';\nexport type C = ReturnType<AwsClients['ec2']>;\n";
    const cases: Record<string, string>[] = [
      { 'src/query/x.ts': raw },
      { 'src/query/x.ts': typed },
      { 'jobs/x/index.ts': raw },
    ];
    for (const files of cases) {
      const r = lint(files);
      expect(r.ok).toBe(false);
      expect(r.out).toContain('EC2 is reached only through its port');
    }
    expect(lint({ 'src/aws/x.ts': raw }).ok).toBe(true);
    expect(lint({ 'src/runtime.ts': raw }).ok).toBe(true);
    expect(lint({ 'src/query/x.ts': raw.replace('aws.ec2(', 'ec2Port(') }).ok).toBe(true);
  });

  it('fails when a handler or the web root imports an AWS adapter or an operation spec, and passes the catalog', () => {
    const adapter = "import { ec2Ops } from '../../src/aws/ec2Ops';\nexport const x = ec2Ops;\n";
    const spec = "import { SPECS } from '../../src/ops/operations';\nexport const x = SPECS;\n";
    const root = "import { buildDeps } from './runtime';\nexport const x = buildDeps;\n";
    const cases: Record<string, string>[] = [
      { 'handlers/commands/x.ts': adapter },
      { 'handlers/commands/x.ts': spec },
      { 'src/app.ts': root },
    ];
    for (const files of cases) {
      const r = lint(files);
      expect(r.ok).toBe(false);
      expect(r.out).toContain('never reaches AWS');
    }
    expect(
      lint({
        'handlers/commands/x.ts':
          "import { CATALOG } from '../../src/ops/catalog';\nexport const x = CATALOG;\n",
      }).ok,
    ).toBe(true);
    // The worker side may import them.
    expect(lint({ 'jobs/x/index.ts': spec }).ok).toBe(true);
  });
});
