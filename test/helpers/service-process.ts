import { spawn, type ChildProcess } from 'node:child_process';

/** The real service (`src/server.ts`) in its own process, as `npm start` runs it. */
export interface ServiceProcess {
  child: ChildProcess;
  pid: number;
  /** Set once the service listens. */
  url?: string;
  /** stdout and stderr so far. */
  output(): string;
  /** Resolves with the exit code (or signal) when the process ends. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * Starts the service and waits until it listens or exits. Port 0: the address is read from
 * Fastify's "Server listening at" log line, so several can run side by side.
 */
export async function startService(env: Record<string, string>, opts: { script?: string; timeoutMs?: number } = {}): Promise<ServiceProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', opts.script ?? 'src/server.ts'], {
    env: { ...process.env, HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'info', NODE_ENV: 'production', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const service: ServiceProcess = { child, pid: child.pid!, output: () => out, exited };
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      // Never leave it running: a service that did not come up is killed with the test.
      child.kill('SIGKILL');
      reject(new Error(`service did not start in time:\n${out}`));
    }, opts.timeoutMs ?? 120_000);
    const onData = (b: Buffer) => {
      out += b.toString();
      const m = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m && !service.url) {
        service.url = m[1];
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    void exited.then(() => {
      clearTimeout(timer);
      resolve();
    });
  });
  return service;
}

/** kill -9: no close handler runs, the lock file stays behind. */
export async function killHard(s: ServiceProcess): Promise<void> {
  if (s.child.exitCode === null && s.child.signalCode === null) s.child.kill('SIGKILL');
  await s.exited;
}

/** SIGTERM: the graceful close (close-with-grace) that releases the database. */
export async function stopService(s: ServiceProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (s.child.exitCode === null && s.child.signalCode === null) s.child.kill('SIGTERM');
  return s.exited;
}
