import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/adapters/db/database.js';

const run = promisify(execFile);
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pglite-lock-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

async function openInChild(dir: string) {
  try {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'test/helpers/open-pglite.ts', dir], { timeout: 170_000 });
    return { code: 0, stdout };
  } catch (err) {
    return { code: (err as { code: number }).code, stdout: (err as { stdout: string }).stdout };
  }
}

describe('embedded PGlite folder', () => {
  it('refuses a second process with a clear message instead of corrupting the folder', async () => {
    const dir = path.join(tmp, 'a');
    const db = await openDatabase({ kind: 'pglite', dataDir: dir });
    try {
      const second = await openInChild(dir);
      expect(second.code).toBe(3);
      expect(second.stdout).toMatch(/DATABASE_LOCKED: The embedded database at .* is in use by process \d+/);
    } finally {
      await db.close();
    }
    // Released on close: the next process opens it.
    const third = await openInChild(dir);
    expect(third.stdout).toContain('OPENED');
    // Each step starts a Node process that opens PGlite: slow on a loaded 2-core machine.
  }, 360_000);

  it('takes over a lock left by a process that died', async () => {
    const dir = path.join(tmp, 'b');
    const db = await openDatabase({ kind: 'pglite', dataDir: dir });
    await db.close();
    // A pid that cannot be alive, as after kill -9.
    fs.writeFileSync(path.join(tmp, 'b.lock'), '999999999\n');
    const again = await openInChild(dir);
    expect(again.stdout).toContain('OPENED');
  }, 180_000);
});
