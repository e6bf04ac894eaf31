import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, withTransaction, type Database } from '../../src/adapters/db/database.js';

/**
 * The PGlite worker names statements it sees again (src/adapters/db/pglite-statement-cache.ts).
 * Every other PGlite test runs through it too; these cover what only it can get wrong.
 */
describe('statements kept prepared on the PGlite worker', () => {
  let db: Database;
  let off: Database;
  const prepared = async () => Number((await db.pool.query('SELECT count(*) AS n FROM pg_prepared_statements')).rows[0].n);

  beforeAll(async () => {
    db = await openDatabase({ kind: 'pglite', dataDir: 'memory://' });
    off = await openDatabase({ kind: 'pglite', dataDir: 'memory://', statementCache: 0 });
    for (const d of [db, off]) await d.pool.query('CREATE TABLE items (id int PRIMARY KEY, name text NOT NULL, tags text[])');
  }, 120_000);
  afterAll(async () => {
    await db?.close();
    await off?.close();
  });

  it('names a statement the second time it arrives, and answers the same as without', async () => {
    const before = await prepared();
    const sql = 'INSERT INTO items (id, name, tags) VALUES ($1, $2, $3) RETURNING id, name, tags';
    for (let i = 1; i <= 20; i++) {
      const args = [i, `名字 ${i}`, [`t${i}`, 'x']];
      const [a, b] = await Promise.all([db.pool.query(sql, args), off.pool.query(sql, args)]);
      expect(a.rows).toEqual(b.rows);
      expect(a.fields.map((f) => f.name)).toEqual(['id', 'name', 'tags']);
    }
    expect(await prepared()).toBe(before + 1);
    expect(Number((await off.pool.query('SELECT count(*) AS n FROM pg_prepared_statements')).rows[0].n)).toBe(0);
  });

  it('serves many clients at once through one named statement', async () => {
    const sql = 'SELECT id, name FROM items WHERE id = $1';
    const results = await Promise.all(Array.from({ length: 60 }, (_, i) => db.pool.query(sql, [(i % 20) + 1])));
    results.forEach((r, i) => expect(r.rows).toEqual([{ id: (i % 20) + 1, name: `名字 ${(i % 20) + 1}` }]));
  });

  it('a bad parameter fails that query only, and the statement keeps working', async () => {
    const sql = 'SELECT name FROM items WHERE id = $1::int';
    await db.pool.query(sql, [1]);
    await db.pool.query(sql, [2]);
    await expect(db.pool.query(sql, ['not a number'])).rejects.toThrow(/invalid input syntax/);
    expect((await db.pool.query(sql, [3])).rows).toEqual([{ name: '名字 3' }]);
    expect((await db.pool.query(sql, [4])).rows).toEqual([{ name: '名字 4' }]);
  });

  it('follows the schema: a kept SELECT * sees a column added later', async () => {
    const sql = 'SELECT * FROM items WHERE id = $1';
    await db.pool.query(sql, [1]);
    await db.pool.query(sql, [1]);
    await db.pool.query('ALTER TABLE items ADD COLUMN price int DEFAULT 7');
    const r = await db.pool.query(sql, [1]);
    expect(r.rows[0]).toMatchObject({ id: 1, price: 7 });
  });

  it('works inside transactions, including one that fails and rolls back', async () => {
    const sql = 'UPDATE items SET name = $2 WHERE id = $1';
    await db.pool.query(sql, [5, 'a']);
    await expect(
      withTransaction(db, async (c) => {
        await c.query(sql, [5, 'b']);
        await c.query('SELECT 1/0');
      }),
    ).rejects.toThrow(/division by zero/);
    expect((await db.pool.query('SELECT name FROM items WHERE id = $1', [5])).rows[0].name).toBe('a');
    await withTransaction(db, async (c) => {
      await c.query(sql, [5, 'c']);
    });
    expect((await db.pool.query('SELECT name FROM items WHERE id = $1', [5])).rows[0].name).toBe('c');
  });

  it('keeps at most its limit, and SQL beyond it still runs', async () => {
    const small = await openDatabase({ kind: 'pglite', dataDir: 'memory://', statementCache: 3 });
    try {
      for (let k = 0; k < 6; k++) for (let i = 0; i < 3; i++) expect((await small.pool.query(`SELECT $1::int + ${k} AS v`, [i])).rows[0].v).toBe(i + k);
      expect(Number((await small.pool.query('SELECT count(*) AS n FROM pg_prepared_statements')).rows[0].n)).toBe(3);
    } finally {
      await small.close();
    }
  });
});
