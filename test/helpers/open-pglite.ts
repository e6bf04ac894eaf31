import { openDatabase } from '../../src/adapters/db/database.js';

/** Child process for the lock test: tries to open the PGlite folder given as argv[2]. */
try {
  const db = await openDatabase({ kind: 'pglite', dataDir: process.argv[2] });
  console.log('OPENED');
  await db.close();
} catch (err) {
  console.log(`${(err as { code?: string }).code ?? 'ERROR'}: ${(err as Error).message}`);
  process.exitCode = 3;
}
