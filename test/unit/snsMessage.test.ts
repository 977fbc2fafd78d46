import {
  isTrustedCertUrl,
  isTrustedSnsUrl,
  type SnsEnvelope,
  snsStringToSign,
} from '../../src/domain/snsMessage';

describe('SNS cert and SubscribeURL hosts', () => {
  it.each([
    ['https://sns.us-east-1.amazonaws.com/SimpleNotificationService-abc.pem', true],
    ['https://sns.ap-northeast-2.amazonaws.com/x.pem', true],
    ['http://sns.us-east-1.amazonaws.com/x.pem', false],
    ['https://sns.us-east-1.amazonaws.com.evil.example/x.pem', false],
    ['https://evil-sns.us-east-1.amazonaws.com/x.pem', false],
    ['https://sns.us-east-1.amazonaws.com:8443/x.pem', false],
    ['https://user@sns.us-east-1.amazonaws.com/x.pem', false],
    ['https://sns.amazonaws.com/x.pem', false],
    ['https://s3.amazonaws.com/sns.us-east-1.amazonaws.com/x.pem', false],
    // raw text that a URL parser reads differently: the backslash is a path separator to WHATWG
    ['https://sns.us-east-1.amazonaws.com\\.evil.example/x.pem', false],
    ['https://sns.us-east-1.amazonaws.com\\x.pem', false],
    ['https://sns.us-east-1.amazonaws.com/a/../x.pem', false],
    ['https://sns.us-east-1.amazonaws.com/x.pem?y=.pem', false],
    ['https://SNS.us-east-1.amazonaws.com/x.pem', false],
    [' https://sns.us-east-1.amazonaws.com/x.pem', false],
    ['https://sns.us-east-1.amazonaws.com/x%2Epem', false],
  ])('%s → %s', (url, ok) => {
    expect(isTrustedCertUrl(url)).toBe(ok);
  });

  it('a SubscribeURL must be on the same hosts but need not be a .pem', () => {
    expect(isTrustedSnsUrl('https://sns.us-east-1.amazonaws.com/?Action=ConfirmSubscription&Token=x')).toBe(
      true,
    );
    expect(isTrustedCertUrl('https://sns.us-east-1.amazonaws.com/?Action=ConfirmSubscription')).toBe(false);
    expect(isTrustedSnsUrl('https://sns.us-east-1.amazonaws.com\\.evil.example/?Action=x')).toBe(false);
    expect(isTrustedSnsUrl('https://sns.us-east-1.amazonaws.com.evil.example/?Action=x')).toBe(false);
  });
});

describe('SNS string to sign', () => {
  const base: SnsEnvelope = {
    Type: 'Notification',
    MessageId: 'm1',
    TopicArn: 'arn:aws:sns:us-east-1:111111111111:t',
    Message: 'hello',
    Timestamp: '2026-08-27T13:19:05.000Z',
    SignatureVersion: '2',
    Signature: '',
    SigningCertURL: '',
  };
  it('Notification: Subject only when present, keys in AWS order', () => {
    expect(snsStringToSign(base)).toBe(
      'Message\nhello\nMessageId\nm1\nTimestamp\n2026-08-27T13:19:05.000Z\nTopicArn\narn:aws:sns:us-east-1:111111111111:t\nType\nNotification\n',
    );
    expect(snsStringToSign({ ...base, Subject: 's' })).toContain('MessageId\nm1\nSubject\ns\nTimestamp');
  });
  it('SubscriptionConfirmation signs SubscribeURL and Token', () => {
    const s = snsStringToSign({ ...base, Type: 'SubscriptionConfirmation', SubscribeURL: 'u', Token: 'tok' });
    expect(s).toBe(
      'Message\nhello\nMessageId\nm1\nSubscribeURL\nu\nTimestamp\n2026-08-27T13:19:05.000Z\nToken\ntok\nTopicArn\narn:aws:sns:us-east-1:111111111111:t\nType\nSubscriptionConfirmation\n',
    );
  });
});
