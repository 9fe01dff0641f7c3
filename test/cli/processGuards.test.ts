// The process around a command: a reader that goes away (`| head`), an output path that cannot be written,
// and Ctrl-C / SIGTERM in the middle of a scan.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, ROOT, runCli } from '../support/runCli.js';

const EXAMPLE = 'examples/acme-export';
const dirs: string[] = [];
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'mfa-warden-guards-'));
  dirs.push(dir);
  return dir;
}
afterAll(async () => {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

describe('a closed pipe on stdout', () => {
  it('ends quietly, with the exit code of the run, when the reader stops after the first bytes', async () => {
    // The JSON report of the example (~120 KB) is larger than a pipe's buffer, so the writes hit EPIPE.
    const result = await new Promise<{ code: number | null; stderr: string; read: number }>((resolve) => {
      const child = spawn(process.execPath, [CLI, 'scan', 'export', EXAMPLE, '--format', 'json'], {
        cwd: ROOT,
      });
      let stderr = '';
      let read = 0;
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.stdout.once('data', (chunk: Buffer) => {
        read = chunk.length;
        child.stdout.destroy();
      });
      child.on('close', (code) => resolve({ code, stderr, read }));
    });
    expect(result.read).toBeGreaterThan(0);
    expect(result.stderr).toBe('');
    // The example has failing findings: exit 1, as without the pipe.
    expect(result.code).toBe(1);
  });

  it('through a shell pipeline into head', () => {
    const run = spawnSync('bash', ['-c', `node "${CLI}" scan export ${EXAMPLE} --format json | head -c 20`], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(run.stdout).toMatch(/^\{\n {2}"schemaVersion"/);
    expect(run.stderr).toBe('');
  });
});

describe('an output path that cannot be written', () => {
  it('is exit 2 naming the path and the reason, and leaves nothing behind', async () => {
    const dir = await tempDir();
    const file = join(dir, 'not-a-dir');
    await writeFile(file, 'x');
    for (const [output, reason] of [
      [join(dir, 'missing', 'r.json'), 'ENOENT: its directory does not exist'],
      [join(file, 'r.json'), 'ENOTDIR: a part of the path is not a directory'],
      [dir, 'EISDIR: it is a directory'],
    ] as const) {
      const run = await runCli(['scan', 'export', EXAMPLE, '--format', 'json', '--output', output]);
      expect(run.code, output).toBe(2);
      expect(run.stderr).toBe(`mfa-warden: error: ${output}: cannot write the report there (${reason})\n`);
      expect(run.stdout).toBe('');
    }
    expect(await readdir(dir)).toEqual(['not-a-dir']);
  });

  it('--output-dir that is a file: exit 2, no report written', async () => {
    const dir = await tempDir();
    const file = join(dir, 'file');
    await writeFile(file, 'x');
    const run = await runCli(['scan', 'export', EXAMPLE, '--format', 'json,csv', '--output-dir', file]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`${join(file, 'mfa-warden.json')}: cannot write the report there (ENOTDIR`);
    expect(await readdir(dir)).toEqual(['file']);
  });
});

describe('signals during a scan', () => {
  // An endpoint that accepts requests and never answers: the scan is still waiting when the signal comes.
  let server: Server;
  let endpoint: string;
  const held: import('node:http').ServerResponse[] = [];
  beforeAll(async () => {
    server = createServer((_request, response) => void held.push(response));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    for (const response of held) response.destroy();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  for (const [signal, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const) {
    it(`${signal} stops a scan at once: exit ${code}, no report and no temp file`, async () => {
      const dir = await tempDir();
      const before = held.length;
      const child = spawn(
        process.execPath,
        [CLI, 'scan', 'aws', '--endpoint-url', endpoint, '--format', 'json', '--output', join(dir, 'r.json')],
        {
          cwd: ROOT,
          env: { ...process.env, AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing' },
        },
      );
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const started = Date.now();
      // Wait until the scan's first request reached the endpoint.
      while (held.length === before && Date.now() - started < 15_000)
        await new Promise((r) => setTimeout(r, 50));
      expect(held.length).toBeGreaterThan(before);
      child.kill(signal);
      const exit = await new Promise<number | null>((resolve) => child.on('close', resolve));
      expect(exit).toBe(code);
      expect(stderr).toContain(`mfa-warden: stopped (${signal})`);
      expect(stderr).not.toMatch(/\n\s+at /);
      expect(await readdir(dir)).toEqual([]);
    });
  }
});
