// Starts a private moto_server on a free loopback port for the benchmark, and stops it again.
// moto speaks the real IAM/STS wire protocols, so every contender talks to it exactly as it would to AWS.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

const STARTUP_TIMEOUT_MS = 60_000;

/** moto could not be started or did not answer; the message says why, no stack trace needed. */
export class MotoError extends Error {
  name = 'MotoError';
}

/** Ask the kernel for a free port on 127.0.0.1 (tiny race window before moto binds it; acceptable here). */
async function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function answers(url) {
  try {
    const response = await globalThis.fetch(url);
    await response.arrayBuffer();
    return response.ok;
  } catch {
    return false;
  }
}

/**
 * @param {{ command?: string }} [options]
 * @returns {Promise<{ endpoint: string, port: number, reset: () => Promise<void>, stop: () => Promise<void> }>}
 */
export async function startMoto({ command = process.env.MOTO_SERVER ?? 'moto_server' } = {}) {
  const port = await freePort();
  const endpoint = `http://127.0.0.1:${port}`;
  const child = spawn(command, ['-H', '127.0.0.1', '-p', String(port)], {
    env: { ...process.env, MOTO_IAM_LOAD_MANAGED_POLICIES: 'true' },
    stdio: ['ignore', 'ignore', 'pipe'],
    // Own process group, so stop() also reaches the python process behind a pyenv shim.
    detached: true,
  });

  let stderrTail = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk) => {
    // moto logs one line per request on stderr; keep only the tail for error messages.
    stderrTail = (stderrTail + chunk).slice(-4000);
  });

  let exited = null;
  const exitPromise = new Promise((resolve) => {
    child.on('exit', (code, signal) => {
      exited = { code, signal };
      resolve();
    });
  });
  let spawnError = null;
  child.on('error', (error) => {
    spawnError = error;
  });

  const stop = async () => {
    if (exited || spawnError) return;
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      return;
    }
    const killed = await Promise.race([exitPromise.then(() => true), sleep(5000).then(() => false)]);
    if (!killed) {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
      await exitPromise;
    }
  };
  // Never leave a moto_server behind, whatever way this process ends.
  const stopSync = () => {
    if (!exited && !spawnError) {
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        // already gone
      }
    }
  };
  process.once('exit', stopSync);

  const started = Date.now();
  for (;;) {
    if (spawnError) {
      const hint =
        spawnError.code === 'ENOENT'
          ? `'${command}' was not found. Install moto with its server extra (pip install 'moto[server]') or set MOTO_SERVER to its path.`
          : spawnError.message;
      throw new MotoError(`could not start moto_server: ${hint}`);
    }
    if (exited) {
      throw new MotoError(
        `moto_server exited during startup (code ${exited.code}, signal ${exited.signal}). Last stderr:\n${stderrTail || '(nothing)'}`,
      );
    }
    if (await answers(`${endpoint}/moto-api/`)) break;
    if (Date.now() - started > STARTUP_TIMEOUT_MS) {
      await stop();
      throw new MotoError(
        `moto_server did not answer GET ${endpoint}/moto-api/ within ${STARTUP_TIMEOUT_MS / 1000} s. Last stderr:\n${stderrTail || '(nothing)'}`,
      );
    }
    await sleep(100);
  }

  return {
    endpoint,
    port,
    async reset() {
      const response = await globalThis.fetch(`${endpoint}/moto-api/reset`, { method: 'POST' });
      await response.arrayBuffer();
      if (!response.ok) throw new Error(`moto reset failed: HTTP ${response.status}`);
    },
    stop,
  };
}
