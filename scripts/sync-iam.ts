/**
 * Rewrites the action list of deploy/member-role.yml and the README's permissions policy from the AWS
 * commands the code imports (test/unit/deploy.test.ts fails when they differ). `npx tsx scripts/sync-iam.ts`
 * Actions granted under a condition (tag-on-create only, delete only the bot's snapshots) keep their
 * own statements; everything else goes in the first.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { CONDITIONED_ACTIONS, memberRoleActions } from '../test/helpers/iamActions';

const actions = memberRoleActions();
const plain = actions.filter((a) => !CONDITIONED_ACTIONS.has(a));
const role = readFileSync('deploy/member-role.yml', 'utf8').replace(
  /(- Sid: Ec2OpsBot\n\s+Effect: Allow\n\s+Action:\n)(\s+- .+\n)+/,
  `$1${plain.map((a) => `                  - ${a}\n`).join('')}`,
);
writeFileSync('deploy/member-role.yml', role);
const policy = {
  Version: '2012-10-17',
  Statement: [
    { Sid: 'Ec2OpsBot', Effect: 'Allow', Action: plain, Resource: '*' },
    {
      Sid: 'TagOnlyWhatTheBotCreates',
      Effect: 'Allow',
      Action: ['ec2:CreateTags'],
      Resource: '*',
      Condition: { StringEquals: { 'ec2:CreateAction': ['CreateSnapshot', 'CreateImage'] } },
    },
    {
      Sid: 'MarkOperationsInFlight',
      Effect: 'Allow',
      Action: ['ec2:CreateTags', 'ec2:DeleteTags'],
      Resource: 'arn:aws:ec2:*:*:instance/*',
      Condition: { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['ec2bot:op', 'ec2bot:op-msg', 'ec2bot:op-before'] } },
    },
    {
      Sid: 'DeleteOnlyTheBotsSnapshots',
      Effect: 'Allow',
      Action: ['ec2:DeleteSnapshot'],
      Resource: '*',
      Condition: { StringEquals: { 'aws:ResourceTag/managed-by': 'ec2-ops-bot' } },
    },
  ],
};
const readme = readFileSync('README.md', 'utf8').replace(
  /(Permissions policy[\s\S]*?```json\n)[\s\S]*?(```)/,
  `$1${JSON.stringify(policy, null, 2)}\n$2`,
);
writeFileSync('README.md', readme);
console.log(actions.join('\n'));
