import { describe, expect, it } from 'vitest';
import { actionCatalogSync, createActionCatalog, loadActionCatalog } from './actionCatalog.js';
import { MFA_SELF_ENROLMENT_ACTIONS } from './mfaActionLists.js';

describe('action catalog', () => {
  it('loads the iam-data catalog synchronously and asynchronously, once', async () => {
    const sync = actionCatalogSync();
    expect(sync.size).toBeGreaterThan(15_000);
    expect(sync.services).toContain('iam');
    expect(sync.has('IAM:createAccessKey')).toBe(true);
    expect(sync.displayName('iam:createaccesskey')).toBe('iam:CreateAccessKey');
    expect(sync.source).toMatch(/^@cloud-copilot\/iam-data \d/);
    for (const action of MFA_SELF_ENROLMENT_ACTIONS) expect(sync.has(action)).toBe(true);
    expect(await loadActionCatalog()).toBe(sync);
  });

  it('builds small catalogs for tests, grouped by service and deduplicated case-insensitively', () => {
    const catalog = createActionCatalog(['s3:GetObject', 'S3:getobject', 's3:PutObject', 'ec2:RunInstances']);
    expect(catalog.size).toBe(3);
    expect(catalog.services).toEqual(['ec2', 's3']);
    expect(catalog.actionsOf('s3')).toEqual(['s3:getobject', 's3:putobject']);
    expect(catalog.actionsOf('lambda')).toEqual([]);
  });
});
