import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fuzzApp, formatFuzzTable, routesOf } from './fuzz-routes.js';
import { startFuzzTarget } from './fuzz-target.js';

/**
 * Every route, fuzzed for a bounded time (FUZZ_SECONDS, 40 s by default; `npm run fuzz` runs
 * longer and records the figures). A fixed seed unless FUZZ_SEED is given, so a failure in CI
 * reproduces.
 */
const SECONDS = Number(process.env.FUZZ_SECONDS ?? 40);
const SEED = Number(process.env.FUZZ_SEED ?? 20_240_601);

describe('HTTP fuzzing (fast-check, PGlite)', () => {
  let target: Awaited<ReturnType<typeof startFuzzTarget>>;
  const unhandled: unknown[] = [];
  const onUnhandled = (err: unknown) => unhandled.push(err);
  beforeAll(async () => {
    process.on('unhandledRejection', onUnhandled);
    target = await startFuzzTarget();
  }, 120_000);
  afterAll(async () => {
    process.off('unhandledRejection', onUnhandled);
    await target?.close();
  });

  it('covers every route of the OpenAPI document', () => {
    const routes = routesOf(target.app);
    expect(routes.length).toBeGreaterThanOrEqual(36);
    for (const r of routes) expect(target.app.hasRoute({ method: r.method as 'GET', url: r.path.replace(/\{(\w+)\}/g, ':$1') || '/' })).toBe(true);
  });

  it('answers no request with a 5xx and keeps running', async () => {
    const report = await fuzzApp(target.app, { baseUrl: target.baseUrl, known: target.known,
    headers: target.headers, budgetMs: SECONDS * 1000, seed: SEED });
    console.log(`\nfuzz: ${report.inputs} inputs in ${(report.ms / 1000).toFixed(1)} s, seed ${report.seed}\n${formatFuzzTable(report)}`);
    for (const f of report.failures.slice(0, 5)) console.log(JSON.stringify(f).slice(0, 1500));
    expect(report.failures).toEqual([]);
    expect(unhandled).toEqual([]);
    for (const f of report.families) expect(f.inputs, f.family).toBeGreaterThan(0);
    expect((await target.app.inject({ url: '/healthz' })).statusCode).toBe(200);
    expect((await target.app.inject({ url: '/readyz' })).statusCode).toBe(200);
  }, (SECONDS + 120) * 1000);
});
