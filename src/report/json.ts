import type { ScanResult } from '../scan/scan.js';
import { reportHeader } from './reportHeader.js';

export function renderJson(
  result: Pick<ScanResult, 'findings' | 'summary' | 'requests'>,
  generatedAt: Date,
): string {
  const report = {
    ...reportHeader(generatedAt),
    findings: result.findings,
    summary: { ...result.summary, ...(result.requests ? { requests: result.requests } : {}) },
  };
  return `${JSON.stringify(report, null, 2)}\n`;
}
