/**
 * Instance type facts are the same in every account: one DescribeInstanceTypes answer per region, kept in
 * Redis with a TTL, serves every account (and every process) of that region. Real moto, real Redis, the
 * bot's own AwsClients and enrichment; calls are counted by the test EC2 side (ThrottleInjector, no limits).
 */
import { AllocateAddressCommand, AssociateAddressCommand } from '@aws-sdk/client-ec2';
import IORedis from 'ioredis';
import { AwsClients } from '../../src/aws/clients';
import { enrich } from '../../src/aws/enrich';
import { describeTypes } from '../../src/aws/instanceTypes';
import { RedisTypeFactsStore, TypeCatalog } from '../../src/aws/typeCatalog';
import { redisKeys } from '../../src/redis/keys';
import { accountsConfig, PROD, STAGING } from '../helpers/accountsConfig';
import { type Moto, startMoto, useMotoEnv } from '../helpers/moto';
import { until } from '../helpers/ops';
import { cleanPrefix, REDIS_URL, uniquePrefix } from '../helpers/redis';
import { ThrottleInjector } from '../helpers/throttle';

jest.setTimeout(90_000);
const REGION = 'eu-west-1';
const TYPE = 'm5.large';
const prefix = uniquePrefix('type-catalog');
const redis = new IORedis(REDIS_URL);
const config = accountsConfig({
  accounts: { prod: { id: PROD, regions: [REGION] }, staging: { id: STAGING, regions: [REGION] } },
});
const prod = config.accounts.get('prod')!;
const staging = config.accounts.get('staging')!;
let moto: Moto;

beforeAll(async () => {
  moto = await startMoto();
  useMotoEnv(moto);
});
afterAll(async () => {
  await moto?.stop();
  await cleanPrefix(prefix);
  redis.disconnect();
});

/** A process's AWS clients with the Redis type catalog, and the calls it sends counted by command. */
function botProcess(ttlMs?: number) {
  const counter = new ThrottleInjector({});
  const aws = new AwsClients({
    onClient: counter.onClient,
    typeCatalog: new TypeCatalog(new RedisTypeFactsStore(redis, prefix, ttlMs)),
  });
  const calls = (command: string): number => counter.calls[`${command}Command`] ?? 0;
  return { aws, calls };
}

it('a second account of the same region is served from the catalog: one DescribeInstanceTypes for both', async () => {
  const [a] = await moto.launch(PROD, REGION, { type: TYPE });
  const [b] = await moto.launch(STAGING, REGION, { type: TYPE });
  const { aws, calls } = botProcess();
  try {
    const first = await enrich(aws.ec2(prod, REGION), 'prod', REGION, [a!]);
    expect(first.types.get(TYPE)?.hypervisor).toBe('nitro');
    expect(calls('DescribeInstanceTypes')).toBe(1);
    const second = await enrich(aws.ec2(staging, REGION), 'staging', REGION, [b!]);
    expect(second.instances.get(b!)?.type).toBe(TYPE);
    expect(second.types.get(TYPE)).toEqual(first.types.get(TYPE));
    expect(calls('DescribeInstanceTypes')).toBe(1);
    // Another process (its own clients, the same Redis) asks nothing either.
    const other = botProcess();
    await enrich(other.aws.ec2(staging, REGION), 'staging', REGION, [b!]);
    expect(other.calls('DescribeInstanceTypes')).toBe(0);
    other.aws.destroy();
  } finally {
    aws.destroy();
  }
});

it('when the TTL has run out the next scan reads the type again', async () => {
  const [a] = await moto.launch(PROD, REGION, { type: 'c5.xlarge' });
  const { aws, calls } = botProcess(1_500);
  try {
    await enrich(aws.ec2(prod, REGION), 'prod', REGION, [a!]);
    expect(calls('DescribeInstanceTypes')).toBe(1);
    const key = redisKeys(prefix).instanceType(REGION, 'c5.xlarge');
    expect(await redis.pttl(key)).toBeGreaterThan(0);
    await until(async () => (await redis.exists(key)) === 0, 'the cached type to expire', 30_000);
    const again = await enrich(aws.ec2(prod, REGION), 'prod', REGION, [a!]);
    expect(again.types.get('c5.xlarge')?.hypervisor).toBe('nitro');
    expect(calls('DescribeInstanceTypes')).toBe(2);
  } finally {
    aws.destroy();
  }
});

it('tells an Elastic IP from an address of Amazon’s pool without DescribeAddresses', async () => {
  const [withEip, without] = await moto.launch(PROD, REGION, { count: 2 });
  const ec2 = await moto.ec2(PROD, REGION);
  const eip = await ec2.send(new AllocateAddressCommand({ Domain: 'vpc' }));
  await ec2.send(new AssociateAddressCommand({ AllocationId: eip.AllocationId, InstanceId: withEip }));
  const { aws, calls } = botProcess();
  try {
    const found = await enrich(aws.ec2(prod, REGION), 'prod', REGION, [withEip!, without!]);
    expect(found.instances.get(withEip!)).toMatchObject({ hasElasticIp: true, publicIp: eip.PublicIp });
    expect(found.instances.get(without!)?.hasElasticIp).toBe(false);
    expect(found.instances.get(without!)?.publicIp).toBeTruthy();
    expect(calls('DescribeAddresses')).toBe(0);
  } finally {
    aws.destroy();
  }
});

it('two accounts asking at once for a type not yet known share one DescribeInstanceTypes', async () => {
  const { aws, calls } = botProcess();
  try {
    // Both read the catalog before either has an answer: without sharing the call, each would send one.
    const [x, y] = await Promise.all([
      describeTypes(aws.ec2(prod, REGION), ['r5.large']),
      describeTypes(aws.ec2(staging, REGION), ['r5.large']),
    ]);
    expect(x.get('r5.large')?.hypervisor).toBe('nitro');
    expect(y.get('r5.large')).toEqual(x.get('r5.large'));
    expect(calls('DescribeInstanceTypes')).toBe(1);
  } finally {
    aws.destroy();
  }
});
