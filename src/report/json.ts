import type { ScanResult } from '../scan/scan.js';
import { toolName, toolVersion } from '../version.js';

// Schema version 1 is a contract other tools rely on: add fields, never rename or remove them.
export function renderJson(
  result: Pick<ScanResult, 'findings' | 'summary' | 'requests'>,
  generatedAt: Date,
): string {
  const report = {
    schemaVersion: 1,
    tool: { name: toolName, version: toolVersion },
    generatedAt: generatedAt.toISOString(),
    findings: result.findings,
    summary: { ...result.summary, ...(result.requests ? { requests: result.requests } : {}) },
  };
  return `${JSON.stringify(report, null, 2)}\n`;
}
