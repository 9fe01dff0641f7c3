import { describe, expect, it } from 'vitest';
import { loadEvent } from '../../test/fixtures/cloudtrail/loadEvent.js';
import { unpackInvocation } from './eventBatch.js';

describe('unpackInvocation', () => {
  it('takes one EventBridge CloudTrail event', () => {
    const batch = unpackInvocation(loadEvent('create-login-profile'));
    expect(batch.cloudTrail).toHaveLength(1);
    expect(batch.scan).toBe(false);
    expect(batch.received).toBe(1);
  });

  it('takes a schedule, the Scheduler payload, and both kinds in one array', () => {
    expect(unpackInvocation(loadEvent('scheduled-event')).scan).toBe(true);
    expect(unpackInvocation({ mfaWarden: 'scan' }).scan).toBe(true);
    const mixed = unpackInvocation([loadEvent('scheduled-event'), loadEvent('create-user')]);
    expect(mixed.scan).toBe(true);
    expect(mixed.cloudTrail).toHaveLength(1);
  });

  it('takes an SQS batch whose bodies are EventBridge events, counting redeliveries of one eventID once', () => {
    const event = loadEvent('create-user');
    const records = [event, event, loadEvent('create-login-profile')].map((body, i) => ({
      messageId: `m-${i}`,
      eventSource: 'aws:sqs',
      body: JSON.stringify(body),
    }));
    const batch = unpackInvocation({ Records: [...records, { messageId: 'x', body: 'not json' }] });
    expect(batch.received).toBe(4);
    expect(batch.cloudTrail.map((e) => e.detail?.eventName)).toEqual(['CreateUser', 'CreateLoginProfile']);
    expect(batch.duplicates).toBe(1);
    expect(batch.ignored).toEqual({ 'an SQS message whose body is not JSON': 1 });
  });

  it('says why it ignores what is not for it', () => {
    const s3 = { ...loadEvent('create-user'), source: 'aws.s3' };
    const other = { 'detail-type': 'EC2 Instance State-change Notification', source: 'aws.ec2', detail: {} };
    expect(unpackInvocation([s3, other, 42, { hello: 'world' }]).ignored).toEqual({
      'a CloudTrail event from aws.s3, not aws.iam': 1,
      'detail-type "EC2 Instance State-change Notification"': 1,
      'not an object': 1,
      'not an EventBridge event': 1,
    });
  });
});
