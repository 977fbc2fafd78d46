import type { EC2Client } from '@aws-sdk/client-ec2';
import type { ServiceClient } from '../../src/aws/clients';

/**
 * Fault injection for EC2 calls through SDK middleware (moto cannot fail on demand). Each fault fires
 * once. `before`: the call fails without reaching moto; `after`: moto does the call, then the bot sees an
 * error (a crash between a side effect and saving it). Records every EC2 command name sent.
 */
export class Ec2Faults {
  readonly sent: string[] = [];
  /** The same calls in order, with the instance ids each named (InstanceIds). */
  readonly sentWith: { command: string; instanceIds: string[] }[] = [];
  private faults: { command: string; when: 'before' | 'after'; name: string; status: number }[] = [];

  fail(command: string, opts: { when?: 'before' | 'after'; name: string; status?: number }): void {
    this.faults.push({ command, when: opts.when ?? 'before', name: opts.name, status: opts.status ?? 500 });
  }

  /** Runs `effect` once, right after the next successful `command` (e.g. break a status check then). */
  afterCall(command: string, effect: () => Promise<void>): void {
    this.effects.push({ command, effect });
  }

  private effects: { command: string; effect: () => Promise<void> }[] = [];

  count(command: string): number {
    return this.sent.filter((c) => c === command).length;
  }

  private take(command: string, when: 'before' | 'after'): Error | undefined {
    const i = this.faults.findIndex((f) => f.command === command && f.when === when);
    if (i < 0) return undefined;
    const [f] = this.faults.splice(i, 1);
    return Object.assign(new Error(`injected ${f!.name}`), {
      name: f!.name,
      $metadata: { httpStatusCode: f!.status },
    });
  }

  readonly onClient = (client: ServiceClient, key: { service: string }): void => {
    if (key.service !== 'ec2') return;
    (client as EC2Client).middlewareStack.add(
      (next, context) => async (args) => {
        const command = String((context as { commandName?: string }).commandName ?? '');
        const before = this.take(command, 'before');
        if (before) throw before;
        const out = await next(args);
        this.sent.push(command);
        const ids = (args.input as { InstanceIds?: string[] }).InstanceIds ?? [];
        this.sentWith.push({ command, instanceIds: ids });
        const e = this.effects.findIndex((x) => x.command === command);
        if (e >= 0) await this.effects.splice(e, 1)[0]!.effect();
        const after = this.take(command, 'after');
        if (after) throw after;
        return out;
      },
      { step: 'initialize', name: 'ec2FaultInjection' },
    );
  };
}
