import { ChildProcess, spawn } from 'node:child_process';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** Writes a dry run's rendered files to a new temporary directory. */
export async function writeProject(
  files: Map<string, { content: Buffer; executable: boolean }>,
): Promise<{ dir: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'paved-template-'));
  for (const [path, file] of files) {
    const target = join(dir, path);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, file.content);
    if (file.executable) await chmod(target, 0o755);
  }
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

export type CommandResult = {
  code: number | null;
  output: string;
  seconds: number;
};

/** Runs a command to completion (or kills it after `timeoutMs`), with its output. */
export function run(
  command: string,
  args: string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs?: number },
): Promise<CommandResult> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: { ...process.env, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', chunk => (output += chunk));
    child.stderr.on('data', chunk => (output += chunk));
    const timer = setTimeout(
      () => child.kill('SIGKILL'),
      options.timeoutMs ?? 240_000,
    );
    child.once('error', reject);
    child.once('close', code => {
      clearTimeout(timer);
      resolve({ code, output, seconds: (Date.now() - started) / 1000 });
    });
  });
}

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        resolve(typeof address === 'object' && address ? address.port : 0),
      );
    });
  });
}

/** A started service: its stdout as JSON log lines, and how it exits. */
export type RunningService = {
  child: ChildProcess;
  lines(): Record<string, unknown>[];
  /** Lines that were not JSON. */
  otherLines(): string[];
  stderr(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  waitForLine(
    predicate: (line: Record<string, unknown>) => boolean,
    timeoutMs?: number,
  ): Promise<Record<string, unknown>>;
};

/** Starts `node <entry>` in `cwd` (not through npm, so signals reach the service itself). */
export function startService(
  cwd: string,
  entry: string,
  env: NodeJS.ProcessEnv,
): RunningService {
  const child = spawn(process.execPath, [entry], {
    cwd,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const json: Record<string, unknown>[] = [];
  const other: string[] = [];
  let stderr = '';
  let pending = '';
  const waiters: (() => void)[] = [];
  child.stdout!.on('data', chunk => {
    pending += chunk;
    const parts = pending.split('\n');
    pending = parts.pop() ?? '';
    for (const line of parts.filter(Boolean)) {
      try {
        json.push(JSON.parse(line));
      } catch {
        other.push(line);
      }
    }
    waiters.splice(0).forEach(wake => wake());
  });
  child.stderr!.on('data', chunk => (stderr += chunk));
  const exited = new Promise<{
    code: number | null;
    signal: NodeJS.Signals | null;
  }>(resolve =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );

  return {
    child,
    lines: () => json,
    otherLines: () => other,
    stderr: () => stderr,
    exited,
    async waitForLine(predicate, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = json.find(predicate);
        if (found) return found;
        if (Date.now() > deadline || child.exitCode !== null) {
          throw new Error(
            `No such log line within ${timeoutMs} ms; stdout: ${JSON.stringify(
              json,
            )} ${other.join('\n')}; stderr: ${stderr}`,
          );
        }
        await new Promise<void>(resolve => {
          waiters.push(resolve);
          setTimeout(resolve, 200);
        });
      }
    },
  };
}
