import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { EvaluateOptions } from '../../src/scan/scanModel.js';
import { scanCloudFormation, scanTerraform, type IacScanResult } from '../../src/scan/scan.js';
import type { TerraformOptions } from '../../src/adapters/terraform/loadTerraform.js';

// Writes inline IaC fixtures to a fresh directory and scans them, so each test states its code next to its
// expectation. Every Terraform fixture written this way is also checked with `terraform fmt -check`.

const ROOT = mkdtempSync(join(tmpdir(), 'mfa-warden-iac-'));
let counter = 0;

export function writeTree(files: Readonly<Record<string, string>>): string {
  const dir = join(ROOT, String(++counter));
  for (const [name, text] of Object.entries(files)) {
    const path = join(dir, name);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
  }
  return dir;
}

export async function scanTf(
  files: Readonly<Record<string, string>>,
  options: EvaluateOptions & TerraformOptions = {},
): Promise<IacScanResult> {
  return scanTerraform([writeTree(files)], options);
}

export async function scanCfn(
  text: string,
  options: EvaluateOptions & { parameters?: Record<string, string>; name?: string } = {},
): Promise<IacScanResult> {
  const dir = writeTree({ [options.name ?? 'template.yaml']: text });
  return scanCloudFormation([join(dir, options.name ?? 'template.yaml')], options);
}

export function statusOf(result: IacScanResult, check: string, name: string): string | undefined {
  return result.findings.find((f) => f.check === check && f.resource.name === name)?.status;
}

export function findingOf(result: IacScanResult, check: string, name: string) {
  return result.findings.find((f) => f.check === check && f.resource.name === name);
}

/** `terraform fmt -check -recursive` over every fixture written so far; returns the files it would change. */
export function terraformFmtProblems(): string {
  try {
    execFileSync('terraform', ['fmt', '-check', '-diff', '-recursive', ROOT], { stdio: 'pipe' });
    return '';
  } catch (error) {
    return String((error as { stdout?: Buffer }).stdout ?? error);
  }
}
