import type { InstanceInfo } from '../../src/domain/instance';

/** A plain running EBS-backed instance in prod/us-east-1; tests override what they are about. */
export const anInstance = (o: Partial<InstanceInfo> = {}): InstanceInfo => ({
  id: 'i-0123456789abcdef0',
  accountAlias: 'prod',
  region: 'us-east-1',
  type: 'm5.large',
  state: 'running',
  rootDeviceType: 'ebs',
  volumes: [],
  hasElasticIp: false,
  spot: false,
  hibernationConfigured: false,
  tags: {},
  ...o,
});
