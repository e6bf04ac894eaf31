import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, withTransaction, type Database, type PgliteThreadMode } from '../../src/adapters/db/database.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('PGlite on a worker thread', () => {
  let db: Database;
  beforeAll(async () => {
    db = await openDatabase({ kind: 'pglite', dataDir: 'memory://' });
  }, 120_000);
  afterAll(async () => {
    await db?.close();
  });

  it('keeps the event loop serving while a statement runs', async () => {
    let ticks = 0;
    let stop = false;
    const tick = () => {
      if (stop) return;
      ticks++;
      setTimeout(tick, 10);
    };
    setTimeout(tick, 10);
    await db.pool.query('SELECT pg_sleep(0.5)');
    stop = true;
    // On the main thread the statement blocks every timer until it ends (0 ticks).
    expect(ticks).toBeGreaterThan(3);
  });

  it('rolls back the transaction of a client the pool discarded, and the others carry on', async () => {
    await db.pool.query('CREATE TABLE dropped (id int)');
    const c = await db.pool.connect();
    await c.query('BEGIN');
    await c.query('INSERT INTO dropped VALUES (3)');
    // An error passed to release destroys the client (as pg-pool does after a broken query).
    c.release(new Error('discarded'));
    // (On the main thread's single shared session the next client would run inside it.)
    expect((await db.pool.query('SELECT count(*)::int AS n FROM dropped')).rows[0].n).toBe(0);
    await db.pool.query('INSERT INTO dropped VALUES (4)');
    expect((await db.pool.query('SELECT id FROM dropped')).rows).toEqual([{ id: 4 }]);
  });

  it('ends the worker on close: a process that opens and closes an in-memory database exits by itself', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'test/helpers/open-pglite.ts', 'memory://'], { timeout: 170_000 });
    expect(stdout).toContain('OPENED');
  }, 180_000);
});

describe.each<PgliteThreadMode>(['worker', 'main'])('PGlite shared by several clients (%s thread)', (thread) => {
  let db: Database;
  beforeAll(async () => {
    db = await openDatabase({ kind: 'pglite', dataDir: 'memory://', thread });
    await db.pool.query('CREATE TABLE t (id int PRIMARY KEY, who text)');
  }, 120_000);
  afterAll(async () => {
    await db?.close();
  });

  it("never runs another client's statement inside an open transaction", async () => {
    await db.pool.query('TRUNCATE t');
    // A holds a transaction open across a pause, then rolls it back.
    const a = withTransaction(db, async (c) => {
      await c.query(`INSERT INTO t VALUES (1, 'a')`);
      await sleep(200);
      expect((await c.query('SELECT count(*)::int AS n FROM t')).rows[0].n).toBe(1);
      throw new Error('roll back A');
    }).catch((err: Error) => err.message);
    await sleep(20);
    // B's statement during A's transaction: it waits for A to end and is not rolled back with it.
    await db.pool.query(`INSERT INTO t VALUES (2, 'b')`);
    expect(await a).toBe('roll back A');
    expect((await db.pool.query('SELECT id, who FROM t ORDER BY id')).rows).toEqual([{ id: 2, who: 'b' }]);
  });

  it('keeps working after SQL errors, inside and outside transactions, and under concurrent load', async () => {
    await db.pool.query('TRUNCATE t');
    await expect(db.pool.query('SELECT * FROM missing_table')).rejects.toThrow(/missing_table/);
    await expect(
      withTransaction(db, async (c) => {
        await c.query(`INSERT INTO t VALUES (5, 'e')`);
        await c.query(`INSERT INTO t VALUES (5, 'again')`);
      }),
    ).rejects.toThrow(/duplicate key/);
    await Promise.all(Array.from({ length: 100 }, (_, i) => db.pool.query('INSERT INTO t VALUES ($1, $2)', [100 + i, `x${i}`])));
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        withTransaction(db, async (c) => {
          await c.query('UPDATE t SET who = $2 WHERE id = $1', [100 + i, 'y']);
          await c.query('SELECT 1');
        }),
      ),
    );
    const { rows } = await db.pool.query(`SELECT count(*)::int AS n, count(*) FILTER (WHERE who = 'y')::int AS y FROM t`);
    expect(rows[0]).toEqual({ n: 100, y: 20 });
  });
});
