import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

// A real moto_server per test file (vitest runs files in parallel, and moto's state is global to a server).
// Tests talk to it with the real SDK over HTTP, so the wire format is AWS's, not our own idea of it.

export interface MotoServer {
  /** http://127.0.0.1:PORT */
  readonly endpoint: string;
  /** Forgets every resource (POST /moto-api/reset); AWS managed policies are loaded again. */
  reset(): Promise<void>;
  stop(): Promise<void>;
}

const STARTUP_TIMEOUT_MS = 30_000;
const STDERR_TAIL_CHARS = 4_000;
const PORT_ATTEMPTS = 3;

export async function startMoto(): Promise<MotoServer> {
  let lastError: unknown;
  // Another file may grab the free port between our probe and moto's bind; then try another port.
  for (let attempt = 0; attempt < PORT_ATTEMPTS; attempt++) {
    try {
      return await startOnPort(await findFreePort());
    } catch (error) {
      lastError = error;
      if (!(error instanceof MotoExitedError)) break;
    }
  }
  throw lastError;
}

class MotoExitedError extends Error {}

async function startOnPort(port: number): Promise<MotoServer> {
  const endpoint = `http://127.0.0.1:${port}`;
  const child = spawn('moto_server', ['-H', '127.0.0.1', '-p', String(port)], {
    env: { ...process.env, MOTO_IAM_LOAD_MANAGED_POLICIES: 'true' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // Both pipes must be drained, or moto blocks once its request log fills the pipe buffer.
  let output = '';
  const keep = (chunk: Buffer): void => {
    output = (output + chunk.toString('utf8')).slice(-STDERR_TAIL_CHARS);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  let exited: string | undefined;
  let spawnError: Error | undefined;
  child.on('exit', (code, signal) => {
    exited = `exited with ${signal ?? `code ${code}`}`;
  });
  child.on('error', (error) => {
    spawnError = error;
  });

  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  for (;;) {
    if (spawnError) throw new Error(`could not start moto_server: ${spawnError.message}`);
    if (exited)
      throw new MotoExitedError(`moto_server on port ${port} ${exited} before answering:\n${output}`);
    if (await answers(`${endpoint}/moto-api/`)) break;
    if (Date.now() > deadline) {
      await kill(child);
      throw new Error(
        `moto_server on port ${port} did not answer within ${STARTUP_TIMEOUT_MS / 1000} s:\n${output}`,
      );
    }
    await sleep(100);
  }

  return {
    endpoint,
    async reset() {
      const response = await fetch(`${endpoint}/moto-api/reset`, { method: 'POST' });
      if (!response.ok)
        throw new Error(`moto reset failed: HTTP ${response.status} ${await response.text()}`);
    },
    stop: () => kill(child),
  };
}

async function answers(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
    await response.arrayBuffer();
    return response.ok;
  } catch {
    return false;
  }
}

async function kill(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exit = once(child, 'exit');
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  try {
    await exit;
  } finally {
    clearTimeout(timer);
  }
}

function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port ? resolve(port) : reject(new Error('no free port'))));
    });
  });
}
