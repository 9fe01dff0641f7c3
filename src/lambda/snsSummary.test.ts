import { describe, expect, it } from 'vitest';
import type { Finding } from '../checks/check.js';
import { countFindings, type Summary } from '../scan/evaluate.js';
import { scanNotifications, SNS_MAX_BYTES } from './snsSummary.js';

const NOW = new Date('2026-12-01T06:00:00Z');

function finding(
  i: number,
  status: Finding['status'] = 'fail',
  message = 'console password without MFA',
): Finding {
  const arn = `arn:aws:iam::123456789012:user/user-${String(i).padStart(5, '0')}`;
  return {
    check: 'console-user-mfa',
    status,
    severity: 'high',
    resource: {
      type: 'AWS::IAM::User',
      name: `user-${i}`,
      arn,
      account: '123456789012',
      source: { kind: 'aws', arn },
    },
    message,
    compliance: [],
  };
}

function scan(findings: Finding[]): { accountId: string; summary: Summary; findings: Finding[] } {
  const summary: Summary = {
    account: '123456789012',
    checks: ['console-user-mfa'],
    notApplicable: [],
    ...countFindings(findings),
    collectionIssues: [],
  };
  return { accountId: '123456789012', summary, findings };
}

interface Body {
  part: number;
  parts: number;
  omitted?: number;
  summary: { byStatus: Record<string, number> };
  failing: { resource: string }[];
}

describe('scanNotifications', () => {
  it('sends the summary and only the failing findings in one message when they fit', () => {
    const notes = scanNotifications(scan([finding(1), finding(2, 'pass'), finding(3, 'exempt')]), {
      now: NOW,
    });
    expect(notes).toHaveLength(1);
    const body = JSON.parse(notes[0]?.message ?? '') as Body;
    expect(body.summary.byStatus).toMatchObject({ fail: 1, pass: 1, exempt: 1 });
    expect(body.failing.map((f) => f.resource)).toEqual(['arn:aws:iam::123456789012:user/user-00001']);
    expect(notes[0]?.subject).toBe('mfa-warden: account 123456789012: 1 failing');
  });

  it('splits a large scan into parts under 256 KB, each with the summary, losing no finding', () => {
    const failing = Array.from({ length: 3000 }, (_, i) => finding(i, 'fail', 'x'.repeat(400)));
    const notes = scanNotifications(scan(failing), { now: NOW });
    expect(notes.length).toBeGreaterThan(1);
    const bodies = notes.map((note) => {
      expect(Buffer.byteLength(note.message, 'utf8')).toBeLessThanOrEqual(SNS_MAX_BYTES);
      expect(note.subject.length).toBeLessThanOrEqual(100);
      return JSON.parse(note.message) as Body;
    });
    expect(bodies.map((b) => b.part)).toEqual(bodies.map((_, i) => i + 1));
    expect(bodies.every((b) => b.parts === notes.length && b.summary.byStatus.fail === 3000)).toBe(true);
    expect(new Set(bodies.flatMap((b) => b.failing.map((f) => f.resource))).size).toBe(3000);
    expect(bodies.some((b) => b.omitted !== undefined)).toBe(false);
    expect(notes[0]?.subject).toMatch(new RegExp(`\\(part 1/${notes.length}\\)$`));
  });

  it('stops at the part limit and says how many findings it left out', () => {
    const failing = Array.from({ length: 500 }, (_, i) => finding(i, 'fail', 'y'.repeat(900)));
    const notes = scanNotifications(scan(failing), { now: NOW, maxBytes: 40_000, maxParts: 3 });
    expect(notes).toHaveLength(3);
    const bodies = notes.map((n) => JSON.parse(n.message) as Body);
    notes.forEach((n) => expect(Buffer.byteLength(n.message)).toBeLessThanOrEqual(40_000));
    const listed = bodies.reduce((sum, b) => sum + b.failing.length, 0);
    expect(bodies[2]?.omitted).toBe(500 - listed);
    expect(listed).toBeGreaterThan(0);
  });
});
