import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const DIR = path.join(__dirname, '../fixtures/views');

/**
 * What users see, reviewed as data: the rendered message must equal the checked-in JSON under
 * test/fixtures/views/. `UPDATE_GOLDEN=1 npx jest …` rewrites the files after an intended change (and
 * the diff shows up in review); a missing file fails rather than being written silently.
 */
export function expectGolden(name: string, rendered: unknown): void {
  const file = path.join(DIR, `${name}.json`);
  const json = `${JSON.stringify(rendered, null, 2)}\n`;
  if (process.env.UPDATE_GOLDEN === '1') {
    mkdirSync(DIR, { recursive: true });
    writeFileSync(file, json);
    return;
  }
  if (!existsSync(file))
    throw new Error(
      `no golden file ${path.relative(process.cwd(), file)}: run UPDATE_GOLDEN=1 npx jest and review it`,
    );
  expect(json).toBe(readFileSync(file, 'utf8'));
}
