import { autoScalingOps } from './aws/autoScaling';
import { AwsClients, type AwsClientsOptions } from './aws/clients';
import { ec2Ops } from './aws/ec2Ops';
import { orgPort } from './aws/organizations';
import { Ec2Pacer, type Ec2PacerOptions } from './aws/pacing';
import { RedisTypeFactsStore, TypeCatalog } from './aws/typeCatalog';
import type { Settings } from './config/settings';
import type { Config } from './config/types';
import type { Deps } from './deps';
import { awsErrorName } from './errors/aws';
import type { Logger } from './logger';
import { buildWebDeps, type WebDepsOptions } from './process/webDeps';

/**
 * Builds the real adapters of a process that runs jobs: the web's (Redis, queues, stores, Slack) plus
 * AWS — one client per account, region and service, paced by the EC2 token buckets in Redis. With
 * buildWebDeps, the only place real clients are made.
 */
export function buildDeps(
  settings: Settings,
  config: Config,
  log: Logger,
  opts: WebDepsOptions & { aws?: AwsClientsOptions; pacing?: Ec2PacerOptions } = {},
): { deps: Deps; close(): Promise<void> } {
  const web = buildWebDeps(settings, config, log, opts);
  const metrics = web.deps.metrics;
  const aws = new AwsClients({
    pacer: new Ec2Pacer(web.redis, settings.redisPrefix, opts.pacing),
    typeCatalog: new TypeCatalog(new RedisTypeFactsStore(web.redis, settings.redisPrefix)),
    onError: (err, key) =>
      metrics.awsErrors.inc({ code: awsErrorName(err), account: key.account, service: key.service }),
    onHealthFailover: (from, to, err) =>
      log.warn({ from, to, errorName: awsErrorName(err) }, 'AWS Health failed over to its other region'),
    ...opts.aws,
  });
  const deps: Deps = {
    ...web.deps,
    aws,
    ec2Port: (account, region, actor) => ec2Ops(aws.ec2(account, region, actor), account.alias, region),
    asgPort: (account, region, actor) => autoScalingOps(aws.autoScaling(account, region, actor)),
    organization: (role) => orgPort(aws.organizations(role)),
  };
  return {
    deps,
    close: async () => {
      aws.destroy();
      await web.close();
    },
  };
}
