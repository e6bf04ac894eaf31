import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databases, type TestDatabase } from '../helpers/databases.js';
import { runKeysCommand } from '../../src/cli/keys-command.js';
import { PgTenantStore } from '../../src/adapters/db/pg-tenant-store.js';
import { ensureLocalAdminKey } from '../../src/use-cases/ensure-local-admin-key.js';
import { writeAdminKeyFile } from '../../src/adapters/files/admin-key-file.js';

describe.each(databases)('npm run keys and the first-run admin key on %s', (_name, open) => {
  let t: TestDatabase;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'keys-'));
  beforeAll(async () => {
    t = await open();
  });
  afterAll(async () => {
    await t?.cleanup();
    fs.rmSync(tmp, { recursive: true, force: true });
  });
  const run = async (...argv: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runKeysCommand(argv, { db: t.db, out: (l) => out.push(l), err: (l) => err.push(l) });
    return { code, out, err };
  };

  it('first start with no key creates one local admin key, saved 0600, and never again', async () => {
    const tenants = new PgTenantStore(t.db);
    const file = path.join(tmp, 'data', 'admin-key');
    const first = await ensureLocalAdminKey({ tenants, saveKey: (k) => writeAdminKeyFile(file, k) });
    expect(first?.key).toMatch(/^kf_live_/);
    expect(fs.readFileSync(file, 'utf8').trim()).toBe(first!.key);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(await tenants.authenticate(first!.key)).toMatchObject({ tenantId: 'default', role: 'admin' });
    expect(await ensureLocalAdminKey({ tenants, saveKey: (k) => writeAdminKeyFile(file, k) })).toBeUndefined();
  });

  it('creates, lists and revokes keys; creates a tenant with its admin key; errors are one line with a code', async () => {
    const created = await run('create', '--tenant', 'default', '--role', 'content', '--name', 'ops');
    expect(created.code).toBe(0);
    const key = created.out[1]!;
    expect(key).toMatch(/^kf_live_/);
    const id = created.out[0]!.match(/key ([0-9a-f-]{36})/)![1]!;
    const listed = await run('list');
    expect(listed.out.join('\n')).toContain(id);
    expect(listed.out.join('\n')).not.toContain(key);
    expect((await run('revoke', id)).code).toBe(0);
    expect(await new PgTenantStore(t.db).authenticate(key)).toBeUndefined();
    expect((await run('list')).out.find((l) => l.startsWith(id))).toContain('revoked');

    const widget = await run('create', '--role', 'widget', '--name', 'site', '--origin', 'https://shop.example.com');
    expect(widget.out[1]).toMatch(/^kf_pub_/);
    const tenant = await run('create-tenant', '--tenant', 'acme', '--name', 'Acme');
    expect(tenant.code).toBe(0);
    expect(await new PgTenantStore(t.db).authenticate(tenant.out[1]!)).toMatchObject({ tenantId: 'acme', role: 'admin' });

    for (const [argv, code] of [
      [['create', '--role', 'boss', '--name', 'x'], 'INVALID_INPUT'],
      [['create', '--role', 'widget', '--name', 'x'], 'INVALID_INPUT'],
      [['create', '--role', 'admin', '--name', 'x', '--tenant', 'nobody'], 'TENANT_NOT_FOUND'],
      [['revoke', '00000000-0000-4000-8000-000000000000'], 'API_KEY_NOT_FOUND'],
      [['revoke', id, '--tenant', 'acme'], 'API_KEY_NOT_FOUND'],
      [['create-tenant', '--tenant', 'acme', '--name', 'again'], 'TENANT_EXISTS'],
      [['create', '--bogus'], 'INVALID_INPUT'],
    ] as const) {
      const r = await run(...argv);
      expect(r.code, argv.join(' ')).toBe(1);
      expect(r.err).toHaveLength(1);
      expect(r.err[0]!.split('\n')).toHaveLength(1);
      expect(r.err[0]).toMatch(new RegExp(`^${code}: `));
    }
    expect((await run('frobnicate')).code).toBe(2);
  });
});
