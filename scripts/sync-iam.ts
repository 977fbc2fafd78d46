/**
 * Rewrites the action list of deploy/member-role.yml and the README's permissions block from the AWS
 * commands the code imports (test/unit/deploy.test.ts fails when they differ). `npx tsx scripts/sync-iam.ts`
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { memberRoleActions } from '../test/helpers/iamActions';

const actions = memberRoleActions();
const role = readFileSync('deploy/member-role.yml', 'utf8').replace(
  /(                Action:\n)(                  - .+\n)+/,
  `$1${actions.map((a) => `                  - ${a}\n`).join('')}`,
);
writeFileSync('deploy/member-role.yml', role);
const readme = readFileSync('README.md', 'utf8').replace(
  /("Action": \[\n)(      ".+",?\n)+/,
  `$1${actions.map((a, i) => `      "${a}"${i < actions.length - 1 ? ',' : ''}\n`).join('')}`,
);
writeFileSync('README.md', readme);
console.log(actions.join('\n'));
