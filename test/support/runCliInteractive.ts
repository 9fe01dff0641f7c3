import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { CLI, ROOT, type CliRun } from './runCli.js';

// Like runCli, but the test holds the other end of stdin: it can wait for output or a file the CLI writes,
// answer on stdin, close it, or send a signal, as a user at a prompt (or a script driving the CLI) would.

export interface InteractiveCli {
  /** What has arrived so far. */
  stdout(): string;
  stderr(): string;
  write(text: string): void;
  /** Closes stdin (EOF). */
  end(): void;
  kill(signal: NodeJS.Signals): void;
  /** Resolves with the match once stdout matches; rejects after the timeout or if the CLI exits first. */
  waitForStdout(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  /** Resolves with the match once stderr matches; rejects after the timeout or if the CLI exits first. */
  waitForStderr(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  /** Resolves with the content of `path` once it exists and `complete` says it is whole (default: not empty). */
  waitForFile(path: string, complete?: (content: Buffer) => boolean, timeoutMs?: number): Promise<Buffer>;
  /** The exit code and the whole output, once the process has ended. */
  readonly done: Promise<CliRun>;
}

const DEFAULT_TIMEOUT_MS = 20_000;
const POLL_MS = 25;

export function startCli(args: string[], env: Record<string, string> = {}): InteractiveCli {
  const child = spawn(process.execPath, [CLI, ...args], {
    cwd: ROOT,
    env: { ...process.env, AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let exited = false;
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  // The CLI may exit before reading everything we write; that is its business, not a test failure.
  child.stdin.on('error', () => undefined);
  const done = new Promise<CliRun>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      exited = true;
      resolve({ code: code ?? (signal ? -1 : 0), stdout, stderr });
    });
  });
  return {
    stdout: () => stdout,
    stderr: () => stderr,
    write: (text) => void child.stdin.write(text),
    end: () => child.stdin.end(),
    kill: (signal) => void child.kill(signal),
    waitForStdout: (pattern, timeoutMs = DEFAULT_TIMEOUT_MS) =>
      poll(`stdout to match ${pattern}`, timeoutMs, async () => stdout.match(pattern) ?? undefined),
    waitForStderr: (pattern, timeoutMs = DEFAULT_TIMEOUT_MS) =>
      poll(`stderr to match ${pattern}`, timeoutMs, async () => stderr.match(pattern) ?? undefined),
    waitForFile(path, complete = (content) => content.length > 0, timeoutMs = DEFAULT_TIMEOUT_MS) {
      return poll(`${path} to be written`, timeoutMs, async () => {
        const content = await readFile(path).catch(() => undefined);
        return content && complete(content) ? content : undefined;
      });
    },
    done,
  };

  async function poll<T>(what: string, timeoutMs: number, check: () => Promise<T | undefined>): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const result = await check();
      if (result !== undefined) return result;
      if (exited || Date.now() > deadline)
        throw new Error(
          `gave up waiting for ${what}${exited ? ' (the CLI exited)' : ''}; stderr:\n${stderr}`,
        );
      await sleep(POLL_MS);
    }
  }
}
