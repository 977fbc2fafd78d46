import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { AutoScalingClient } from '@aws-sdk/client-auto-scaling';
import { type _InstanceType, EC2Client, RunInstancesCommand } from '@aws-sdk/client-ec2';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';

export interface InjectedEvent {
  Code: string;
  Description?: string;
  NotBefore: string;
  NotAfter?: string;
  NotBeforeDeadline?: string;
  InstanceEventId?: string;
  /** The launcher plays AWS at NotBefore: stops (instance-stop, EBS retirement) or terminates (instance-store retirement), then completes the event. */
  AwsActs?: boolean;
  /** …and the event stays open afterwards. */
  Keep?: boolean;
  /** A stop of the instance completes this event too (system-reboot / system-maintenance moved by stop + start). */
  ClearedByStop?: boolean;
}

export interface Moto {
  url: string;
  /** Env vars that point the AWS SDK at this moto. */
  env: Record<string, string>;
  injectEvents(account: string, region: string, instanceId: string, events: InjectedEvent[]): Promise<void>;
  setStatus(
    account: string,
    region: string,
    instanceId: string,
    s: { system?: string; instance?: string; ebs?: string },
  ): Promise<void>;
  /** RootDeviceType and MaintenanceOptions in DescribeInstances (moto has neither of its own). */
  patchInstance(
    account: string,
    region: string,
    instanceId: string,
    p: { rootDeviceType?: string; rebootMigration?: string; autoRecovery?: string },
  ): Promise<void>;
  /** What DescribeVolumeStatus (which moto lacks) answers for a volume, or for every volume of an instance. */
  setVolumeStatus(
    account: string,
    region: string,
    target: { volumeId?: string; instanceId?: string },
    s: { status: string; ioEnabled?: string; events?: string[]; actions?: string[] },
  ): Promise<void>;
  /** GetConsoleOutput of this instance returns `output` (moto otherwise answers a fixed sample). */
  setConsole(account: string, region: string, instanceId: string, output: string): Promise<void>;
  /** Rewrites a snapshot in moto: StartTime (moto stamps "now"), OwnerId, or "in use by" an AMI id. */
  patchSnapshot(
    account: string,
    region: string,
    snapshotId: string,
    p: { startTime?: string; ownerId?: string; inUseBy?: string },
  ): Promise<void>;
  /** What DescribeInstanceAttribute(enaSupport) answers for the instance (moto lacks the attribute). */
  setEna(account: string, region: string, instanceId: string, enabled: boolean): Promise<void>;
  /** What DescribeInstances says in MaintenanceOptions.AutoRecovery (moto omits MaintenanceOptions). */
  setAutoRecovery(
    account: string,
    region: string,
    instanceId: string,
    value: 'default' | 'disabled',
  ): Promise<void>;
  /**
   * What moto does at once, made to behave like AWS at its worst (moto_launcher.py /_ec2bot/behaviour):
   * a stop stuck in `stopping` (until a Force stop), a start refused for capacity, a hibernation that
   * falls back to a normal shutdown.
   */
  setBehaviour(
    account: string,
    region: string,
    instanceId: string,
    b: { stop?: 'stuck' | 'normal'; startError?: string | null; hibernate?: 'fails' | 'ok' },
  ): Promise<void>;
  reset(): Promise<void>;
  /** An EC2 client acting in `account` (credentials from moto's AssumeRole land in that account). */
  ec2(account: string, region: string): Promise<EC2Client>;
  /** An Auto Scaling client acting in `account` (groups to test operations on members). */
  autoScaling(account: string, region: string): Promise<AutoScalingClient>;
  launch(
    account: string,
    region: string,
    opts?: { type?: string; name?: string; count?: number },
  ): Promise<string[]>;
  stop(): Promise<void>;
}

export const MOTO_CREDS = {
  AWS_ACCESS_KEY_ID: 'testing',
  AWS_SECRET_ACCESS_KEY: 'testing',
  AWS_REGION: 'us-east-1',
};

/** Applies moto's endpoint and test credentials to process.env (the SDK reads AWS_ENDPOINT_URL itself). */
export function useMotoEnv(moto: Moto): void {
  Object.assign(process.env, moto.env);
}

/**
 * Starts moto_server (with the scheduled-event and status-check injection of moto_launcher.py) on a
 * free port. Fails loudly when Python moto is missing — never a silent skip.
 */
export async function startMoto(): Promise<Moto> {
  const python = process.env.MOTO_PYTHON || 'python3';
  const launcher = path.join(__dirname, 'moto_launcher.py');
  const child = spawn(python, [launcher, '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const port = await waitReady(child);
  return motoAt(`http://127.0.0.1:${port}`, async () => {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
  });
}

/**
 * A moto_launcher.py already running elsewhere (the demo's container in docker-compose.yml): waits
 * until its control API answers. `stop()` leaves that server running.
 */
export async function connectMoto(url: string, timeoutMs = 60_000): Promise<Moto> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const up = await fetch(`${url}/_ec2bot/ping`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) return motoAt(url, async () => {});
    if (Date.now() > end) throw new Error(`moto at ${url} does not answer /_ec2bot/ping`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

function motoAt(url: string, stopServer: () => Promise<void>): Moto {
  const control = async (p: string, body: object): Promise<void> => {
    const res = await fetch(`${url}/_ec2bot/${p}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`moto control ${p}: ${res.status} ${await res.text()}`);
  };
  const clients: { destroy(): void }[] = [];
  /** Credentials from moto's AssumeRole land in `account`. */
  const credentialsIn = async (account: string, region: string) => {
    const sts = new STSClient({
      region,
      endpoint: url,
      credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
    });
    const out = await sts.send(
      new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${account}:role/test-seed`, RoleSessionName: 'seed' }),
    );
    sts.destroy();
    const c = out.Credentials!;
    return { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken };
  };
  const moto: Moto = {
    url,
    env: { ...MOTO_CREDS, AWS_ENDPOINT_URL: url },
    injectEvents: (account, region, instance_id, events) =>
      control('events', { account, region, instance_id, events }),
    setStatus: (account, region, instance_id, s) => control('status', { account, region, instance_id, ...s }),
    patchInstance: (account, region, instance_id, p) =>
      control('instance', {
        account,
        region,
        instance_id,
        root_device_type: p.rootDeviceType,
        reboot_migration: p.rebootMigration,
        auto_recovery: p.autoRecovery,
      }),
    setVolumeStatus: (account, region, target, st) =>
      control('volume-status', {
        account,
        region,
        volume_id: target.volumeId,
        instance_id: target.instanceId,
        status: st.status,
        ...(st.ioEnabled ? { io_enabled: st.ioEnabled } : {}),
        ...(st.events ? { events: st.events } : {}),
        ...(st.actions ? { actions: st.actions } : {}),
      }),
    setConsole: (account, region, instance_id, output) =>
      control('console', { account, region, instance_id, output }),
    patchSnapshot: (account, region, snapshot_id, p) =>
      control('snapshot', {
        account,
        region,
        snapshot_id,
        start_time: p.startTime,
        owner_id: p.ownerId,
        in_use_by: p.inUseBy,
      }),
    setEna: (account, region, instance_id, enabled) =>
      control('ena', { account, region, instance_id, enabled }),
    setAutoRecovery: (account, region, instance_id, value) =>
      control('instance', { account, region, instance_id, auto_recovery: value }),
    setBehaviour: (account, region, instance_id, b) =>
      control('behaviour', {
        account,
        region,
        instance_id,
        ...(b.stop ? { stop: b.stop } : {}),
        ...(b.startError !== undefined ? { start_error: b.startError } : {}),
        ...(b.hibernate ? { hibernate: b.hibernate } : {}),
      }),
    reset: () => control('reset', {}),
    ec2: async (account, region) => {
      const client = new EC2Client({
        region,
        endpoint: url,
        credentials: await credentialsIn(account, region),
      });
      clients.push(client);
      return client;
    },
    autoScaling: async (account, region) => {
      const client = new AutoScalingClient({
        region,
        endpoint: url,
        credentials: await credentialsIn(account, region),
      });
      clients.push(client);
      return client;
    },
    launch: async (account, region, opts = {}) => {
      const ec2 = await moto.ec2(account, region);
      const out = await ec2.send(
        new RunInstancesCommand({
          ImageId: 'ami-12c6146b',
          InstanceType: (opts.type ?? 't3.micro') as _InstanceType,
          MinCount: opts.count ?? 1,
          MaxCount: opts.count ?? 1,
          TagSpecifications: opts.name
            ? [{ ResourceType: 'instance', Tags: [{ Key: 'Name', Value: opts.name }] }]
            : undefined,
        }),
      );
      return (out.Instances ?? []).map((i) => i.InstanceId!);
    },
    stop: async () => {
      for (const c of clients) c.destroy();
      await stopServer();
    },
  };
  return moto;
}

const READY_MS = 50_000;

function waitReady(child: ChildProcess): Promise<number> {
  return new Promise((resolve, reject) => {
    let err = '';
    // Importing moto alone takes ~8 s on a loaded machine; a launcher that never gets ready is killed,
    // not left running behind the failed test.
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`moto_server did not start in ${READY_MS / 1000} s:\n${err}`));
    }, READY_MS);
    child.stderr?.on('data', (d: Buffer) => {
      err = (err + d.toString()).slice(-4000);
    });
    child.stdout?.on('data', (d: Buffer) => {
      const m = /READY (\d+)/.exec(d.toString());
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(
        new Error(
          `moto_server exited (${code}). Install Python moto 5 with the server extra: pip install 'moto[server]>=5'\n${err}`,
        ),
      );
    });
    child.once('error', (e) => {
      clearTimeout(timer);
      reject(
        new Error(
          `cannot run ${child.spawnfile}: ${e.message}. Install Python 3 and: pip install 'moto[server]>=5'`,
        ),
      );
    });
  });
}
