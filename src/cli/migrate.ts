import { loadConfig } from '../config/config.js';
import { openDatabase } from '../adapters/db/database.js';
import { migrate } from '../adapters/db/migrator.js';
import { exitOnStartupFailure } from './startup-failure.js';

/** `npm run migrate`: applies pending migrations and exits non-zero on failure. */
const config = loadConfig();
const db = await openDatabase(config.database.kind === 'pglite' ? config.database : { kind: 'postgres', url: config.database.url }).catch(exitOnStartupFailure);
try {
  const r = await migrate(db);
  console.log(r.applied.length ? `applied ${r.applied.join(', ')}; now at version ${r.to}` : `up to date at version ${r.to}`);
} catch (err) {
  console.error(`migration failed: ${(err as Error).message}`);
  process.exitCode = 1;
} finally {
  await db.close();
}
