import {
  DescribeInstanceAttributeCommand,
  DescribeVolumesCommand,
  type EC2Client,
} from '@aws-sdk/client-ec2';
import type { InstanceInfo } from '../domain/instance';
import type { StopFacts } from '../domain/stopConsequences';
import { classifyAwsError } from '../errors/aws';
import { describeTypes } from './instanceTypes';
import { spotRequestTypes } from './spotRequests';

/** A read the plan can do without: access denied or not found leaves the fact unknown (undefined). */
async function optional<T>(read: () => Promise<T>): Promise<T | undefined> {
  try {
    return await read();
  } catch (err) {
    const kind = classifyAwsError(err);
    if (kind === 'access-denied' || kind === 'not-found' || kind === 'invalid') return undefined;
    throw err;
  }
}

/** DescribeInstanceAttribute disableApiStop (stop protection). */
const stopProtection = (ec2: EC2Client, id: string) =>
  optional(async () => {
    const out = await ec2.send(
      new DescribeInstanceAttributeCommand({ InstanceId: id, Attribute: 'disableApiStop' }),
    );
    return out.DisableApiStop?.Value === true;
  });

/** The Spot request behind a Spot instance (src/aws/spotRequests.ts). */
const spotType = async (ec2: EC2Client, id: string) => (await spotRequestTypes(ec2, [id])).get(id);

const rootVolume = (ec2: EC2Client, i: InstanceInfo) => {
  const root = i.volumes.find((v) => v.device === i.rootDeviceName) ?? i.volumes[0];
  if (!root || i.rootDeviceType !== 'ebs') return Promise.resolve(undefined);
  return optional(async () => {
    const v = (await ec2.send(new DescribeVolumesCommand({ VolumeIds: [root.volumeId] }))).Volumes?.[0];
    return v ? { sizeGiB: v.Size ?? 0, encrypted: v.Encrypted === true } : undefined;
  });
};

/**
 * What a stop costs this instance beyond DescribeInstances (src/domain/stopConsequences.ts): the type's
 * instance store and RAM, stop protection, the Spot request type, the root volume. Read in parallel;
 * `withRoot` only where the root volume matters (hibernation).
 */
export async function gatherStopFacts(
  ec2: EC2Client,
  i: InstanceInfo,
  opts: { withRoot?: boolean } = {},
): Promise<StopFacts> {
  const [types, protection, spot, root] = await Promise.all([
    optional(() => describeTypes(ec2, [i.type])),
    stopProtection(ec2, i.id),
    i.spot ? spotType(ec2, i.id) : Promise.resolve(undefined),
    opts.withRoot ? rootVolume(ec2, i) : Promise.resolve(undefined),
  ]);
  const type = types?.get(i.type);
  return {
    instanceStore: type?.instanceStorage,
    memoryMiB: type?.memoryMiB || undefined,
    stopProtection: protection,
    spotType: spot,
    rootVolume: root,
  };
}
