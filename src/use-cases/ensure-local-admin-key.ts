import { DEFAULT_TENANT } from '../domain/tenancy.js';

export interface LocalAdminKeyDeps {
  tenants: {
    countKeys(): Promise<number>;
    createKey(tenantId: string, input: { name: string; role: 'admin' }, actor: null): Promise<{ key: string; record: { id: string } }>;
  };
  /** Keeps the key where only its owner can read it (the admin-key file, mode 0600). */
  saveKey(key: string): Promise<string>;
}

/**
 * The embedded default starts with no setup: on the first start, with no API key at all, an
 * admin key of the default tenant is created and saved locally, so the operator can call the
 * API (and create the real keys) at once. Never again once any key exists.
 */
export async function ensureLocalAdminKey(deps: LocalAdminKeyDeps): Promise<{ key: string; id: string; file: string } | undefined> {
  if ((await deps.tenants.countKeys()) > 0) return undefined;
  const { key, record } = await deps.tenants.createKey(DEFAULT_TENANT, { name: 'local-admin', role: 'admin' }, null);
  const file = await deps.saveKey(key);
  return { key, id: record.id, file };
}
