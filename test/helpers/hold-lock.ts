import { acquirePgliteLock } from '../../src/adapters/db/pglite-lock.js';

/** Child process for the lock race test: waits for the start time, tries the lock, holds it a while. */
const [dir, startAt, holdMs] = process.argv.slice(2);
await new Promise((r) => setTimeout(r, Math.max(0, Number(startAt) - Date.now())));
try {
  const release = await acquirePgliteLock(dir!);
  console.log('WON');
  await new Promise((r) => setTimeout(r, Number(holdMs)));
  release();
} catch (err) {
  console.log(`${(err as { code?: string }).code ?? 'ERROR'}: ${(err as Error).message}`);
}
