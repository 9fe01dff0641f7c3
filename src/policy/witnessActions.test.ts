import { describe, expect, it } from 'vitest';
import { actionCatalogSync } from './actionCatalog.js';
import { analyzeWithoutMfa } from './analyzeWithoutMfa.js';
import { parsePolicyDocument } from './parsePolicyDocument.js';
import { witnessActions } from './witnessActions.js';
import { accessLevelOf } from './witnessIamData.js';

describe('witness candidate actions', () => {
  it('tries the permissions-management actions of a wholly reachable service first', () => {
    const catalog = actionCatalogSync();
    const policy = parsePolicyDocument(
      { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] },
      'test',
    );
    const analysis = analyzeWithoutMfa({ identity: [policy] }, { catalog });
    const others = [...witnessActions(analysis.console, catalog).others()].filter((action) =>
      action.startsWith('s3:'),
    );
    expect(others.length).toBeGreaterThan(0);
    // The data files these actions under "Permissions management, Write": the first level decides the rank.
    for (const action of others) expect(accessLevelOf(action)).toMatch(/^Permissions management/);
  });
});
