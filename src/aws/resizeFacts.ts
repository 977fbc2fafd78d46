import {
  DescribeImagesCommand,
  DescribeInstanceAttributeCommand,
  DescribeInstancesCommand,
  DescribeVolumesCommand,
  type EC2Client,
  type Image,
  type Instance,
} from '@aws-sdk/client-ec2';
import type { InstanceInfo } from '../domain/instance';
import type { ImageFacts, PreflightInput } from '../domain/preflight';
import { AppError, ErrorCode } from '../errors/appError';
import { classifyAwsError } from '../errors/aws';
import { elasticIpInstances, toInstanceInfo } from './instances';
import { describeTypes } from './instanceTypes';
import { gatherStopFacts } from './stopFacts';

const toImageFacts = (im: Image): ImageFacts => ({
  id: im.ImageId ?? '',
  virtualizationType: im.VirtualizationType ? String(im.VirtualizationType) : undefined,
  creationDate: im.CreationDate,
  platform: im.Platform ? String(im.Platform) : im.PlatformDetails,
  bootMode: im.BootMode ? String(im.BootMode) : undefined,
  architecture: im.Architecture ? String(im.Architecture) : undefined,
});

/** The AMIs still visible, by id (a deregistered AMI is simply absent). */
export async function describeImageFacts(ec2: EC2Client, ids: string[]): Promise<Map<string, ImageFacts>> {
  const unique = [...new Set(ids)].filter(Boolean);
  const out = new Map<string, ImageFacts>();
  for (let i = 0; i < unique.length; i += 200) {
    const res = await ec2.send(
      new DescribeImagesCommand({ Filters: [{ Name: 'image-id', Values: unique.slice(i, i + 200) }] }),
    );
    for (const im of res.Images ?? []) out.set(im.ImageId ?? '', toImageFacts(im));
  }
  return out;
}

/** The enaSupport attribute (DescribeInstances shows it only when on in some API versions: ask). */
export async function enaSupportOf(ec2: EC2Client, raw: Pick<Instance, 'InstanceId' | 'EnaSupport'>) {
  if (raw.EnaSupport === true) return true;
  const out = await ec2.send(
    new DescribeInstanceAttributeCommand({ InstanceId: raw.InstanceId, Attribute: 'enaSupport' }),
  );
  return out.EnaSupport?.Value === true;
}

export interface RawInstance {
  raw: Instance;
  info: InstanceInfo;
}

/** One instance by id with its StateReason (InstanceInfo does not keep it). */
export async function describeOne(
  ec2: EC2Client,
  account: string,
  region: string,
  instanceId: string,
): Promise<RawInstance> {
  let raw: Instance | undefined;
  try {
    const out = await ec2.send(new DescribeInstancesCommand({ InstanceIds: [instanceId] }));
    raw = out.Reservations?.[0]?.Instances?.[0];
  } catch (err) {
    if (classifyAwsError(err) !== 'not-found') throw err;
  }
  if (!raw)
    throw new AppError(ErrorCode.UnknownInstance, `Instance ${instanceId} no longer exists in ${region}.`);
  const eips = await elasticIpInstances(ec2, [raw]);
  return { raw, info: toInstanceInfo(raw, account, region, eips) };
}

async function rootEncrypted(ec2: EC2Client, info: InstanceInfo): Promise<boolean | undefined> {
  const root = info.volumes.find((v) => v.device === info.rootDeviceName) ?? info.volumes[0];
  if (!root) return undefined;
  const out = await ec2.send(new DescribeVolumesCommand({ VolumeIds: [root.volumeId] }));
  return out.Volumes?.[0]?.Encrypted === true;
}

/** Everything the resize preflight reads, for one instance and one target type. */
export async function gatherPreflight(
  ec2: EC2Client,
  account: string,
  region: string,
  instanceId: string,
  targetType: string,
): Promise<PreflightInput & { raw: Instance }> {
  const { raw, info } = await describeOne(ec2, account, region, instanceId);
  const [enaSupport, images, types, encrypted, stopFacts] = await Promise.all([
    enaSupportOf(ec2, raw),
    describeImageFacts(ec2, info.imageId ? [info.imageId] : []),
    describeTypes(ec2, [info.type, targetType]),
    rootEncrypted(ec2, info),
    info.state === 'stopped' ? Promise.resolve(undefined) : gatherStopFacts(ec2, info),
  ]);
  return {
    raw,
    instance: { ...info, enaSupport },
    stateReason: raw.StateReason?.Code,
    enaSupport,
    image: info.imageId ? images.get(info.imageId) : undefined,
    current: types.get(info.type),
    targetName: targetType,
    target: types.get(targetType),
    rootEncrypted: encrypted,
    stopFacts,
  };
}
