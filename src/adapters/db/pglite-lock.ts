import fs from 'node:fs';
import path from 'node:path';
import { DatabaseLocked } from '../../domain/errors.js';

/**
 * Two processes opening one PGlite folder both succeed and silently corrupt its indexes,
 * so the embedded database is guarded by an exclusive lock file holding the owner's pid.
 * A lock whose pid is gone (a crash, kill -9) is stale and taken over.
 */
export function acquirePgliteLock(dataDir: string): () => void {
  fs.mkdirSync(dataDir, { recursive: true });
  const lockPath = path.join(dataDir, '..', `${path.basename(dataDir)}.lock`);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = fs.openSync(lockPath, 'wx');
      fs.writeSync(fd, `${process.pid}\n`);
      fs.closeSync(fd);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        try {
          if (fs.readFileSync(lockPath, 'utf8').trim() === String(process.pid)) fs.unlinkSync(lockPath);
        } catch {
          /* already gone */
        }
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const owner = Number.parseInt(fs.readFileSync(lockPath, 'utf8'), 10);
      if (Number.isFinite(owner) && owner !== process.pid && isAlive(owner)) {
        throw new DatabaseLocked(
          `The embedded database at ${dataDir} is in use by process ${owner}. ` +
            'Only one process may open a PGlite folder: stop it, or point DATABASE_URL at a PostgreSQL server to run several.',
          { details: { lockPath, pid: owner } },
        );
      }
      fs.rmSync(lockPath, { force: true });
    }
  }
  throw new DatabaseLocked(`Could not take the lock on ${dataDir}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
