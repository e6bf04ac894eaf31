import { createHash, randomBytes } from 'node:crypto';
import type pg from 'pg';
import { ApiKeyNotFound, InvalidInput, TenantExists, TenantNotFound } from '../../domain/errors.js';
import {
  keyPrefixFor,
  TENANT_ID_RE,
  type Actor,
  type ApiKeyRecord,
  type AuditEntry,
  type Principal,
  type Role,
  type Tenant,
} from '../../domain/tenancy.js';
import { withTransaction, type Database } from './database.js';
import { UUID_RE } from './row-mappers.js';

const UNIQUE_VIOLATION = '23505';
const KEY_COLUMNS = 'id, tenant_id, name, role, prefix, allowed_origins, created_at, last_used_at, revoked_at';

/** sha256 of the whole key, hex: what the table stores instead of the key. */
export const hashKey = (key: string) => createHash('sha256').update(key).digest('hex');

/** A new key: kf_live_… (secret) or kf_pub_… (widget), 32 random bytes in base64url. */
export const generateKey = (role: Role) => keyPrefixFor(role) + randomBytes(32).toString('base64url');

const toKey = (r: any): ApiKeyRecord => ({
  id: r.id,
  tenantId: r.tenant_id,
  name: r.name,
  role: r.role,
  prefix: r.prefix,
  allowedOrigins: r.allowed_origins ?? [],
  createdAt: r.created_at,
  lastUsedAt: r.last_used_at,
  revokedAt: r.revoked_at,
});

/** Appends an audit row inside the caller's transaction, so the log never disagrees with the action. */
export async function recordAudit(c: pg.PoolClient | pg.Pool, actor: Actor, action: string, target: string | null, details: Record<string, unknown> = {}) {
  await c.query('INSERT INTO audit_log (tenant_id, key_id, action, target, details) VALUES ($1, $2, $3, $4, $5)', [
    actor.tenantId,
    actor.keyId,
    action,
    target,
    details,
  ]);
}

export interface NewKey {
  name: string;
  role: Role;
  allowedOrigins?: string[];
}

/**
 * Tenants, their API keys and the audit log. Not scoped to one tenant: authentication looks a
 * key up before any tenant is known. Every method that reads or changes one tenant's keys takes
 * that tenant explicitly.
 */
export class PgTenantStore {
  constructor(private readonly db: Database) {}

  async listTenants(): Promise<Tenant[]> {
    const { rows } = await this.db.pool.query('SELECT id, name, created_at FROM tenants ORDER BY created_at, id');
    return rows.map((r) => ({ id: r.id, name: r.name, createdAt: r.created_at }));
  }

  async getTenant(id: string): Promise<Tenant | undefined> {
    const { rows } = await this.db.pool.query('SELECT id, name, created_at FROM tenants WHERE id = $1', [id]);
    return rows[0] ? { id: rows[0].id, name: rows[0].name, createdAt: rows[0].created_at } : undefined;
  }

  /** A tenant and its first admin key, in one transaction; the key is returned once. */
  async createTenant(input: { id: string; name: string; adminKeyName?: string }, actor: Actor) {
    if (!TENANT_ID_RE.test(input.id))
      throw new InvalidInput('A tenant id is 1-63 lowercase letters, digits, "-" or "_", starting with a letter or digit', { details: { field: 'id' } });
    return withTransaction(this.db, async (c) => {
      try {
        await c.query('INSERT INTO tenants (id, name) VALUES ($1, $2)', [input.id, input.name]);
      } catch (err) {
        if ((err as { code?: string }).code === UNIQUE_VIOLATION) throw new TenantExists(`Tenant "${input.id}" already exists`, { cause: err, details: { id: input.id } });
        throw err;
      }
      const created = await insertKey(c, input.id, { name: input.adminKeyName ?? 'admin', role: 'admin' });
      await recordAudit(c, actor, 'tenant.create', input.id, { name: input.name });
      await recordAudit(c, { tenantId: input.id, keyId: actor.tenantId === input.id ? actor.keyId : null }, 'key.create', created.record.id, {
        role: 'admin',
        name: created.record.name,
        by: actor.tenantId,
      });
      const tenant = (await c.query('SELECT id, name, created_at FROM tenants WHERE id = $1', [input.id])).rows[0];
      return { tenant: { id: tenant.id, name: tenant.name, createdAt: tenant.created_at } as Tenant, key: created.key, keyRecord: created.record };
    });
  }

  async createKey(tenantId: string, input: NewKey, actor: Actor | null) {
    return withTransaction(this.db, async (c) => {
      const { rows } = await c.query('SELECT 1 FROM tenants WHERE id = $1', [tenantId]);
      if (!rows[0]) throw new TenantNotFound(`Tenant "${tenantId}" does not exist`, { details: { tenant: tenantId } });
      const created = await insertKey(c, tenantId, input);
      await recordAudit(c, actor ?? { tenantId, keyId: null }, 'key.create', created.record.id, { role: input.role, name: input.name });
      return created;
    });
  }

  async listKeys(tenantId: string): Promise<ApiKeyRecord[]> {
    const { rows } = await this.db.pool.query(`SELECT ${KEY_COLUMNS} FROM api_keys WHERE tenant_id = $1 ORDER BY created_at, id`, [tenantId]);
    return rows.map(toKey);
  }

  /** Revokes one of the tenant's keys; revoking twice is harmless. A key of another tenant is not found. */
  async revokeKey(tenantId: string, id: string, actor: Actor | null): Promise<ApiKeyRecord> {
    if (!UUID_RE.test(id)) throw new ApiKeyNotFound(`API key ${id} not found`);
    return withTransaction(this.db, async (c) => {
      const { rows } = await c.query(
        `UPDATE api_keys SET revoked_at = COALESCE(revoked_at, now()) WHERE id = $1 AND tenant_id = $2 RETURNING ${KEY_COLUMNS}`,
        [id, tenantId],
      );
      if (!rows[0]) throw new ApiKeyNotFound(`API key ${id} not found`);
      await recordAudit(c, actor ?? { tenantId, keyId: null }, 'key.revoke', id, { name: rows[0].name });
      return toKey(rows[0]);
    });
  }

  /** The principal a presented key stands for, or undefined (unknown or revoked). */
  async authenticate(key: string): Promise<Principal | undefined> {
    const { rows } = await this.db.pool.query(
      'SELECT id, tenant_id, role, allowed_origins, last_used_at FROM api_keys WHERE hash = $1 AND revoked_at IS NULL',
      [hashKey(key)],
    );
    const r = rows[0];
    if (!r) return undefined;
    return { tenantId: r.tenant_id, keyId: r.id, role: r.role, allowedOrigins: r.allowed_origins ?? [] };
  }

  /** Written at most once a minute per key (the caller throttles), never on the request's path. */
  async touch(keyId: string): Promise<void> {
    await this.db.pool.query('UPDATE api_keys SET last_used_at = now() WHERE id = $1', [keyId]);
  }

  async countKeys(): Promise<number> {
    const { rows } = await this.db.pool.query('SELECT count(*)::int AS n FROM api_keys');
    return rows[0].n;
  }

  async audit(tenantId: string, opts: { limit: number; before?: number }): Promise<AuditEntry[]> {
    const { rows } = await this.db.pool.query(
      `SELECT id, tenant_id, key_id, action, target, details, at FROM audit_log
       WHERE tenant_id = $1 AND ($2::bigint IS NULL OR id < $2) ORDER BY id DESC LIMIT $3`,
      [tenantId, opts.before ?? null, opts.limit],
    );
    return rows.map((r) => ({
      id: Number(r.id),
      tenantId: r.tenant_id,
      keyId: r.key_id,
      action: r.action,
      target: r.target,
      details: r.details ?? {},
      at: r.at,
    }));
  }

  /** Records an action outside any other transaction (reads that are worth auditing, or actions whose store has none). */
  async record(actor: Actor, action: string, target: string | null, details: Record<string, unknown> = {}) {
    await recordAudit(this.db.pool, actor, action, target, details);
  }

  /** Runs `fn` and the audit row in one transaction. */
  withAudit<T>(actor: Actor, action: string, target: (result: T) => string | null, fn: (c: pg.PoolClient) => Promise<T>, details: Record<string, unknown> = {}) {
    return withTransaction(this.db, async (c) => {
      const result = await fn(c);
      await recordAudit(c, actor, action, target(result), details);
      return result;
    });
  }
}

async function insertKey(c: pg.PoolClient, tenantId: string, input: NewKey) {
  const key = generateKey(input.role);
  const origins = input.role === 'widget' ? (input.allowedOrigins ?? []) : [];
  const { rows } = await c.query(
    `INSERT INTO api_keys (tenant_id, name, role, prefix, hash, allowed_origins) VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${KEY_COLUMNS}`,
    [tenantId, input.name, input.role, key.slice(0, key.indexOf('_', 3) + 5), hashKey(key), origins],
  );
  return { key, record: toKey(rows[0]) };
}
