import type { InstanceInfo } from './instance';
import type { TypeInfo } from './instanceType';
import { type StopFacts, stopConsequences } from './stopConsequences';

/** The instance's AMI (DescribeImages); absent when the AMI was deregistered or is not shared. */
export interface ImageFacts {
  id: string;
  virtualizationType?: string;
  /** ISO date. */
  creationDate?: string;
  platform?: string;
  bootMode?: string;
  architecture?: string;
}

export interface PreflightInput {
  instance: InstanceInfo;
  /** StateReason.Code (`Client.UserInitiatedHibernate` = hibernated). */
  stateReason?: string;
  /** DescribeInstanceAttribute enaSupport. */
  enaSupport: boolean;
  image?: ImageFacts;
  current?: TypeInfo;
  targetName: string;
  /** Undefined: the target type does not exist in the region. */
  target?: TypeInfo;
  /** Root volume encrypted (DescribeVolumes); undefined when not looked up. */
  rootEncrypted?: boolean;
  /** Stop protection and the Spot request type (the stop of a running instance); undefined: not read. */
  stopFacts?: StopFacts;
}

export type CheckStatus = 'pass' | 'warn' | 'block';
export interface CheckItem {
  status: CheckStatus;
  text: string;
  /** A warning that needs someone to look inside the OS before it is safe (drivers, old AMI). */
  osCheck?: boolean;
}

export type Verdict = 'ready' | 'needs-os-checks' | 'blocked';

export interface Preflight {
  items: CheckItem[];
  verdict: Verdict;
  /** The job must turn the ENA attribute on before the type change. */
  enableEna: boolean;
  /** Xen → Nitro: suggest the awslabs NitroInstanceChecks script. */
  xenToNitro: boolean;
}

/** AMIs from before this date may lack the ENA and NVMe drivers. */
export const DRIVER_ERA = '2018-08-01T00:00:00Z';
export const HIBERNATED = 'Client.UserInitiatedHibernate';
export const NITRO_CHECKS_URL =
  'https://github.com/awslabs/aws-support-tools/tree/master/EC2/NitroInstanceChecks';

const pass = (text: string): CheckItem => ({ status: 'pass', text });
const warn = (text: string, osCheck = false): CheckItem => ({ status: 'warn', text, osCheck });
const block = (text: string): CheckItem => ({ status: 'block', text });

/** Windows, by the instance's platform or its AMI's. */
export const isWindows = (i: Pick<InstanceInfo, 'platform'>, image?: Pick<ImageFacts, 'platform'>): boolean =>
  /windows/i.test(i.platform ?? '') || /windows/i.test(image?.platform ?? '');

/** Effective boot mode: the instance's, else the AMI's, else legacy BIOS (the default before UEFI). */
export function bootModeOf(i: PreflightInput): string {
  return i.instance.bootMode ?? i.image?.bootMode ?? 'legacy-bios';
}

function bootModeOk(mode: string, target: TypeInfo): boolean {
  if (mode === 'uefi-preferred') return target.bootModes.length > 0;
  return target.bootModes.includes(mode);
}

/** Hard stops: any of these and the plan has no Approve button. */
function blockers(i: PreflightInput, t: TypeInfo): CheckItem[] {
  const out: CheckItem[] = [];
  const virt = i.image?.virtualizationType ?? i.instance.virtualizationType ?? 'hvm';
  if (virt === 'paravirtual' && !t.virtualizationTypes.includes('paravirtual'))
    out.push(block(`paravirtual (PV) AMI: ${t.name} runs HVM only — rebuild on an HVM AMI`));
  else out.push(pass(`virtualization ${virt} supported by ${t.name}`));
  const arch = i.instance.architecture ?? i.image?.architecture;
  if (arch && !t.architectures.includes(arch))
    out.push(block(`architecture ${arch} does not run on ${t.name} (${t.architectures.join(', ')})`));
  else if (arch) out.push(pass(`architecture ${arch} matches`));
  const mode = bootModeOf(i);
  if (!bootModeOk(mode, t))
    out.push(
      block(`boot mode ${mode} not supported by ${t.name} (${t.bootModes.join(', ') || 'none listed'})`),
    );
  else out.push(pass(`boot mode ${mode} supported`));
  if (i.instance.rootDeviceType === 'instance-store')
    out.push(block('instance-store root: it cannot be stopped, so its type cannot change'));
  if (i.stateReason === HIBERNATED)
    out.push(
      block('instance is hibernated: start it (resume) first — a hibernated instance cannot change type'),
    );
  return out;
}

function driverWarnings(i: PreflightInput, t: TypeInfo): CheckItem[] {
  const out: CheckItem[] = [];
  if (t.ena === 'required' && !i.enaSupport)
    out.push(
      warn(
        `${t.name} requires ENA and enaSupport is off: the bot turns it on, but the ENA driver must be in the OS (\`modinfo ena\`) or the instance has no network`,
        true,
      ),
    );
  else if (t.ena === 'required') out.push(pass('ENA already on'));
  if (t.nvme === 'required' && i.current?.nvme !== 'required')
    out.push(
      warn(
        `${t.name} presents EBS as NVMe: the NVMe driver must be in the initramfs, /etc/fstab must mount by UUID or label (device names change to /dev/nvme*), and \`nvme_core.io_timeout\` should be at its maximum (4294967295 on kernels 4.15 and later, 255 before) — with a short timeout, an EBS stall longer than it fails NVMe I/O, which can leave the file system read-only or the instance unbootable`,
      ),
    );
  const created = i.image?.creationDate;
  if (created && created < DRIVER_ERA)
    out.push(
      warn(
        `AMI ${i.image?.id} is from ${created.slice(0, 10)} (before August 2018): it may lack the ENA and NVMe drivers`,
        true,
      ),
    );
  else if (!i.image)
    out.push(warn('the AMI is gone or not visible: its age and drivers cannot be checked', true));
  if (isWindows(i.instance, i.image))
    out.push(warn('Windows: install the current AWS PV, ENA and NVMe drivers before the change', true));
  return out;
}

/**
 * What the stop + start of the resize costs this instance (src/domain/stopConsequences.ts): instance
 * store (either type) comes back blank, the public IPv4 without an Elastic IP, Auto Scaling, Spot; and
 * what refuses the stop (stop protection, a one-time Spot instance) blocks. A stopped instance is not
 * stopped again: only the instance-store line applies to it.
 */
function stopStartWarnings(i: PreflightInput, t: TypeInfo): CheckItem[] {
  const out: CheckItem[] = [];
  const inst = i.instance;
  const instanceStore = i.current?.instanceStorage === true || t.instanceStorage;
  const c = stopConsequences(inst, { ...i.stopFacts, instanceStore }, 'resize');
  const stops = inst.state !== 'stopped';
  const warnings = stops ? c.warnings : c.warnings.filter((w) => w.includes('instance-store'));
  out.push(...warnings.map((w) => warn(w)));
  if (stops) out.push(...c.blockers.map((b) => block(b)));
  if (inst.hibernationConfigured && !t.hibernation)
    out.push(warn(`hibernation is configured but ${t.name} does not support hibernation`));
  if (inst.hibernationConfigured && i.rootEncrypted === false)
    out.push(warn('hibernation is configured on an unencrypted root volume'));
  return out;
}

/** The resize preflight checklist (pure): pass / warn / block lines and the verdict. */
export function preflight(i: PreflightInput): Preflight {
  const t = i.target;
  if (!t) {
    return {
      items: [block(`instance type ${i.targetName} does not exist in ${i.instance.region}`)],
      verdict: 'blocked',
      enableEna: false,
      xenToNitro: false,
    };
  }
  const items: CheckItem[] = [];
  if (t.name === i.instance.type) items.push(block(`the instance is already ${t.name}`));
  items.push(...blockers(i, t), ...driverWarnings(i, t), ...stopStartWarnings(i, t));
  const blocked = items.some((c) => c.status === 'block');
  const os = items.some((c) => c.status === 'warn' && c.osCheck);
  return {
    items,
    verdict: blocked ? 'blocked' : os ? 'needs-os-checks' : 'ready',
    enableEna: t.ena === 'required' && !i.enaSupport,
    xenToNitro: i.current?.hypervisor === 'xen' && t.hypervisor === 'nitro',
  };
}
