import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

/**
 * Starts a worker thread on one of our modules, `name` (without extension) beside `from`
 * (the caller's `import.meta.url`). Built (.js) the worker is a plain module. From source
 * (tsx, vitest) it is TypeScript, and on Node 20 a worker's `--import tsx` does not reach its
 * entry module, so a one-line entry registers tsx's loader in the worker first and then
 * imports it.
 */
export function startModuleWorker(from: string, name: string, workerData: unknown): Worker {
  const fromSource = from.endsWith('.ts');
  const url = new URL(`./${name}.${fromSource ? 'ts' : 'js'}`, from);
  if (!fromSource) return new Worker(url, { workerData });
  // The ESM build of tsx's API (its CommonJS build cannot register from an eval'd entry).
  const require = createRequire(import.meta.url);
  const pkg = require.resolve('tsx/package.json');
  const api = (require(pkg) as { exports: Record<string, { import: { default: string } }> }).exports['./esm/api']!.import.default;
  const tsx = pathToFileURL(path.join(path.dirname(pkg), api)).href;
  const entry = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(url.href)}); });`;
  return new Worker(entry, { eval: true, workerData });
}
