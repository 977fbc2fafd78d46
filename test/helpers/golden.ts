import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const DIR = path.join(__dirname, '..', 'fixtures', 'views');

/**
 * Compares what a view renders with its golden JSON file under test/fixtures/views/. `UPDATE_GOLDEN=1`
 * rewrites the file (review the diff); a missing file fails, so a golden is never made up silently.
 */
export function expectGolden(name: string, rendered: unknown): void {
  const file = path.join(DIR, `${name}.json`);
  const json = `${JSON.stringify(rendered, null, 2)}\n`;
  if (process.env.UPDATE_GOLDEN === '1') {
    mkdirSync(DIR, { recursive: true });
    writeFileSync(file, json);
    return;
  }
  if (!existsSync(file)) {
    throw new Error(
      `no golden file ${path.relative(process.cwd(), file)}: run with UPDATE_GOLDEN=1 and review it`,
    );
  }
  expect(JSON.parse(json)).toEqual(JSON.parse(readFileSync(file, 'utf8')));
}
