import { loadConfig } from '../config/config.js';
import { openDatabase } from '../adapters/db/database.js';
import { migrate } from '../adapters/db/migrator.js';
import { exitOnStartupFailure } from './startup-failure.js';
import { runKeysCommand } from './keys-command.js';

/** `npm run keys -- create|list|revoke|create-tenant …` (docs/security.md). */
const config = (() => {
  try {
    return loadConfig();
  } catch (err) {
    return exitOnStartupFailure(err);
  }
})();
const db = await openDatabase(config.database.kind === 'pglite' ? config.database : { kind: 'postgres', url: config.database.url }).catch(exitOnStartupFailure);
try {
  await migrate(db);
  process.exitCode = await runKeysCommand(process.argv.slice(2), { db, out: (l) => console.log(l), err: (l) => console.error(l) });
} catch (err) {
  console.error(`ERROR: ${(err as Error).message}`);
  process.exitCode = 1;
} finally {
  await db.close();
}
