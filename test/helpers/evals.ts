import { expect } from 'vitest';
import type { build } from './build.js';
export { tenThousandCases } from './eval-cases.js';

type App = Awaited<ReturnType<typeof build>>['app'];

/** A multipart suite upload: files by name, plus form fields (name, kind, answers, ...). */
export function suiteUpload(files: Record<string, string>, fields: Record<string, string> = {}) {
  const boundary = `----evals${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields))
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  for (const [name, content] of Object.entries(files))
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/octet-stream\r\n\r\n`), Buffer.from(content), Buffer.from('\r\n'));
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

export function evalsHelpers(app: App) {
  return {
    upload: (body: ReturnType<typeof suiteUpload>) => app.inject({ method: 'POST', url: '/v1/evals', ...body }),
    start: (body: Record<string, unknown>) => app.inject({ method: 'POST', url: '/v1/evals', payload: body }),
    /** Polls GET /v1/evals/:id until the run reaches one of `statuses` (and `until` holds); fails on any other final status. */
    async waitFor(id: string, statuses: string[], until: (run: any) => boolean = () => true, timeoutMs = 180_000): Promise<any> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const res = await app.inject({ url: `/v1/evals/${id}?limit=500` });
        expect(res.statusCode).toBe(200);
        const run = res.json();
        if (statuses.includes(run.status) && until(run)) return run;
        if (['succeeded', 'failed', 'cancelled'].includes(run.status) && !statuses.includes(run.status))
          throw new Error(`run ${id} ended ${run.status}: ${JSON.stringify(run.error)}`);
        if (Date.now() > deadline) throw new Error(`run ${id} still ${run.status} (${JSON.stringify(run.progress)}) after ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
  };
}
