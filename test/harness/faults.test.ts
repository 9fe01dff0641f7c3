import { describe, expect, it } from 'vitest';
import { requestToken, withNextToken, withoutRequestToken } from './awsWire.js';
import { createFaultInjector, type FaultPlan, type FaultRequest } from './faults.js';
import { draw } from './seededRandom.js';

// The injector decides from the seed and each action's own request count, so a run can be repeated exactly.

const request = (action: string, body = `Action=${action}&Version=2010-05-08`): FaultRequest => ({
  action,
  protocol: 'query',
  body,
});

function hitsOf(plan: FaultPlan, sequence: readonly string[]): string[] {
  const injector = createFaultInjector(plan);
  for (const action of sequence) injector.decide(request(action));
  return injector.hits.map((hit) => `${hit.action}#${hit.index}`);
}

const SEQUENCE = [
  ...Array.from({ length: 20 }, () => 'GetLoginProfile'),
  ...Array.from({ length: 20 }, () => 'ListMFADevices'),
];

describe('fault injector', () => {
  it('the same seed hits the same requests, however the actions interleave', () => {
    const plan: FaultPlan = {
      kind: 'http-500',
      seed: 7,
      rate: 0.3,
      actions: ['GetLoginProfile', 'ListMFADevices'],
    };
    const interleaved = SEQUENCE.map((_, i) => SEQUENCE[(i % 2) * 20 + Math.floor(i / 2)] as string);
    expect(hitsOf(plan, SEQUENCE).sort()).toEqual(hitsOf(plan, interleaved).sort());
    expect(hitsOf({ ...plan, seed: 8 }, SEQUENCE)).not.toEqual(hitsOf(plan, SEQUENCE));
  });

  it('always hits the anchor, so no run is a no-op', () => {
    for (let seed = 0; seed < 20; seed++) {
      const injector = createFaultInjector({ kind: 'no-answer', seed, rate: 0, actions: ['A', 'B', 'C'] });
      for (const action of ['A', 'B', 'C']) injector.decide(request(action));
      expect(injector.hits).toEqual([{ action: injector.anchor, index: 0, kind: 'no-answer' }]);
    }
  });

  it('a throttle burst is that many consecutive requests of one action', () => {
    const injector = createFaultInjector({
      kind: 'throttle-burst',
      seed: 3,
      burst: 4,
      actions: ['GetPolicy'],
    });
    const answers = Array.from({ length: 6 }, () => injector.decide(request('GetPolicy')));
    expect(answers.map((answer) => answer?.type ?? 'pass')).toEqual([
      'answer',
      'answer',
      'answer',
      'answer',
      'pass',
      'pass',
    ]);
    expect(answers[0]).toMatchObject({
      body: expect.stringMatching(/<Code>(Throttling|RequestLimitExceeded)</),
    });
  });

  it('an expired token: every request after the first N', () => {
    const injector = createFaultInjector({ kind: 'expired-token', seed: 1, after: 2 });
    const answers = ['A', 'B', 'C', 'A'].map((action) => injector.decide(request(action)));
    expect(answers.map((answer) => (answer?.type === 'answer' ? answer.status : 'pass'))).toEqual([
      'pass',
      'pass',
      403,
      403,
    ]);
    const json = injector.decide({ action: 'ListRoots', protocol: 'json', body: '{}' });
    expect(json).toMatchObject({ status: 400, body: expect.stringContaining('ExpiredTokenException') });
  });

  it('a marker cycle answers A, then B, then A', () => {
    const injector = createFaultInjector({
      kind: 'marker-cycle',
      seed: 1,
      actions: ['ListVirtualMFADevices'],
    });
    const tokens = [undefined, 'loop-A', 'loop-B'].map((marker) => {
      const answer = injector.decide(
        request('ListVirtualMFADevices', `Action=ListVirtualMFADevices${marker ? `&Marker=${marker}` : ''}`),
      );
      return answer?.type === 'paginate' ? answer.nextToken : undefined;
    });
    expect(tokens).toEqual(['loop-A', 'loop-B', 'loop-A']);
  });

  it('draws are spread evenly', () => {
    const values = Array.from({ length: 10_000 }, (_, i) => draw(42, 'k', i));
    const low = values.filter((value) => value < 0.2).length / values.length;
    expect(low).toBeGreaterThan(0.18);
    expect(low).toBeLessThan(0.22);
  });
});

describe('pagination tokens on the wire', () => {
  it('query protocol: Marker in the form, IsTruncated and Marker in the result', () => {
    const body = 'Action=ListVirtualMFADevices&Marker=abc&AssignmentStatus=Any';
    expect(requestToken('query', body)).toBe('abc');
    expect(withoutRequestToken('query', body)).toBe('Action=ListVirtualMFADevices&AssignmentStatus=Any');
    const page =
      '<ListVirtualMFADevicesResponse><ListVirtualMFADevicesResult><IsTruncated>false</IsTruncated>' +
      '<VirtualMFADevices/></ListVirtualMFADevicesResult></ListVirtualMFADevicesResponse>';
    expect(withNextToken('query', 'ListVirtualMFADevices', page, 'loop-A')).toBe(
      '<ListVirtualMFADevicesResponse><ListVirtualMFADevicesResult><VirtualMFADevices/>' +
        '<IsTruncated>true</IsTruncated><Marker>loop-A</Marker></ListVirtualMFADevicesResult></ListVirtualMFADevicesResponse>',
    );
  });

  it('JSON protocol: NextToken in the request and in the answer', () => {
    expect(requestToken('json', '{"ParentId":"r-1","NextToken":"t"}')).toBe('t');
    expect(withoutRequestToken('json', '{"ParentId":"r-1","NextToken":"t"}')).toBe('{"ParentId":"r-1"}');
    expect(JSON.parse(withNextToken('json', 'ListAccountsForParent', '{"Accounts":[]}', 'loop-B'))).toEqual({
      Accounts: [],
      NextToken: 'loop-B',
    });
  });
});
