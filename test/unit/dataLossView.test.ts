import type { KnownBlock } from '@slack/types';
import { dataLossNoticeView, lostApprovalView } from '../../src/views/dataLoss';
import { expectGolden } from '../helpers/golden';

const AT = new Date('2026-12-07T19:00:00.000Z');

describe('data-loss views', () => {
  it('notice: what was in flight and what became of it, approvals lost and plans planned afresh', () => {
    const m = dataLossNoticeView({
      at: AT,
      ops: [
        {
          op: 'recover',
          instance: 'web-1 (i-0123456789abcdef0)',
          account: 'prod',
          requester: 'U0ALICE',
          status: 'done',
          state: 'running (t3.micro)',
        },
        { op: 'resize', instance: 'db-1 (i-0fedcba9876543210)', account: 'prod', status: 'rollback' },
        {
          op: 'stop',
          instance: '<!channel> (i-0aaaaaaaaaaaaaaaa)',
          account: 'prod',
          status: 'reported',
          state: 'stopping (t3.micro)',
        },
      ],
      approvals: ['stop of batch-1 (i-0bbbbbbbbbbbbbbbb) in prod'],
      plans: ['prod'],
    });
    expectGolden('data-loss-notice', m);
    expect(JSON.stringify(m)).not.toContain('<!channel>');
    expect(m.text).toContain('3 operation(s) in flight');
    expect(m.text).not.toContain('all settled');
  });

  it('notice: says when everything settled', () => {
    const m = dataLossNoticeView({
      at: AT,
      ops: [{ op: 'stop', instance: 'i-0123456789abcdef0', account: 'prod', status: 'done' }],
      approvals: [],
      plans: [],
    });
    expect(m.text).toContain('(all settled)');
  });

  it('lost approval: the plan without its buttons, and the command to ask again', () => {
    const original: KnownBlock[] = [
      { type: 'section', text: { type: 'mrkdwn', text: '*Stop* batch-1 in prod' } },
      {
        type: 'actions',
        elements: [
          {
            type: 'button',
            action_id: 'ec2.approval.approve',
            text: { type: 'plain_text', text: 'Approve' },
            value: 'ap-1',
          },
        ],
      },
    ];
    const m = lostApprovalView(original, '/ec2 stop prod i-0bbbbbbbbbbbbbbbb');
    expectGolden('data-loss-lost-approval', m);
    expect(JSON.stringify(m.blocks)).not.toContain('ec2.approval.approve');
  });
});
