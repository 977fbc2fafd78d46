/** Baseline for the ack benchmark: a bare Bolt app that only acks /ec2. Prints "PORT <n>". */
import { App, ExpressReceiver, LogLevel } from '@slack/bolt';

async function main(): Promise<void> {
  const receiver = new ExpressReceiver({
    signingSecret: process.env.SLACK_SIGNING_SECRET ?? '',
    logLevel: LogLevel.ERROR,
  });
  const app = new App({
    token: 'xoxb-bare',
    botId: 'BBARE',
    botUserId: 'UBARE',
    receiver,
    deferInitialization: true,
    tokenVerificationEnabled: false,
    logLevel: LogLevel.ERROR,
  });
  app.command('/ec2', async ({ ack }) => {
    await ack({ text: 'ok', response_type: 'ephemeral' });
  });
  await app.init();
  const server = receiver.app.listen(0, '127.0.0.1', () => {
    console.log(`PORT ${(server.address() as { port: number }).port}`);
  });
  process.on('SIGTERM', () => server.close(() => process.exit(0)));
}
void main();
