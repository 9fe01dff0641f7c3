import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

// Runs the built CLI as a user would (npm test builds first), capturing output and the exit code.
export const CLI = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));
export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export function runCli(args: string[], env: Record<string, string> = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      cwd: ROOT,
      env: { ...process.env, AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

export interface JsonReport {
  schemaVersion: number;
  findings: { check: string; status: string; resource: { name: string; type: string }; message: string }[];
  summary: { byStatus: Record<string, number> };
}

export function statusOf(report: JsonReport, check: string, name?: string): string | undefined {
  return report.findings.find((f) => f.check === check && (name === undefined || f.resource.name === name))
    ?.status;
}
