import { parseArgs } from 'node:util';
import type { Database } from '../adapters/db/database.js';
import { PgTenantStore } from '../adapters/db/pg-tenant-store.js';
import { DomainError, InvalidInput } from '../domain/errors.js';
import { DEFAULT_TENANT, ROLES, type Role } from '../domain/tenancy.js';

export const KEYS_USAGE = `usage:
  npm run keys -- create --role <${ROLES.join('|')}> --name <name> [--tenant default] [--origin https://shop.example.com ...]
  npm run keys -- list [--tenant default]
  npm run keys -- revoke <key id> [--tenant default]
  npm run keys -- create-tenant --tenant <id> --name <name>     (prints the new tenant's first admin key)`;

/**
 * `npm run keys`: API keys from the command line, for the operator on the machine (no key
 * needed: whoever can read the database can do this anyway). Returns the exit code; every error
 * is one line naming its code.
 */
export async function runKeysCommand(argv: string[], deps: { db: Database; out: (line: string) => void; err: (line: string) => void }): Promise<number> {
  const store = new PgTenantStore(deps.db);
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        tenant: { type: 'string', default: DEFAULT_TENANT },
        role: { type: 'string' },
        name: { type: 'string' },
        origin: { type: 'string', multiple: true },
      },
    });
    const [command, ...rest] = positionals;
    const tenant = values.tenant!;
    switch (command) {
      case 'create': {
        if (!values.role || !(ROLES as readonly string[]).includes(values.role)) throw new InvalidInput(`--role must be one of ${ROLES.join(', ')}`);
        if (!values.name?.trim()) throw new InvalidInput('--name is required');
        const role = values.role as Role;
        if (role === 'widget' && !values.origin?.length) throw new InvalidInput('a widget key needs at least one --origin');
        if (role !== 'widget' && values.origin?.length) throw new InvalidInput('--origin applies to widget keys only');
        const { key, record } = await store.createKey(tenant, { name: values.name.trim(), role, allowedOrigins: values.origin }, null);
        deps.out(`created ${record.role} key ${record.id} (${record.name}) for tenant ${record.tenantId}; the key is shown once:`);
        deps.out(key);
        return 0;
      }
      case 'list': {
        const keys = await store.listKeys(tenant);
        if (!keys.length) deps.out(`no keys for tenant ${tenant}`);
        for (const k of keys)
          deps.out(
            [k.id, k.role.padEnd(7), `${k.prefix}…`, k.name, k.revokedAt ? `revoked ${k.revokedAt.toISOString()}` : 'active',
              k.lastUsedAt ? `last used ${k.lastUsedAt.toISOString()}` : 'never used', k.allowedOrigins.join(',')].filter(Boolean).join('  '),
          );
        return 0;
      }
      case 'revoke': {
        if (!rest[0]) throw new InvalidInput('revoke needs the key id (see `npm run keys -- list`)');
        const k = await store.revokeKey(tenant, rest[0], null);
        deps.out(`revoked ${k.role} key ${k.id} (${k.name}) of tenant ${k.tenantId}`);
        return 0;
      }
      case 'create-tenant': {
        if (!values.name?.trim()) throw new InvalidInput('--name is required');
        if (tenant === DEFAULT_TENANT) throw new InvalidInput('--tenant names the new tenant (the default one exists already)');
        const { key, keyRecord } = await store.createTenant({ id: tenant, name: values.name.trim() }, { tenantId: DEFAULT_TENANT, keyId: null });
        deps.out(`created tenant ${tenant} with admin key ${keyRecord.id}; the key is shown once:`);
        deps.out(key);
        return 0;
      }
      default:
        deps.err(command ? `UNKNOWN_COMMAND: ${command}\n${KEYS_USAGE}` : KEYS_USAGE);
        return 2;
    }
  } catch (e) {
    if (e instanceof DomainError) deps.err(`${e.code}: ${e.message}`);
    else if ((e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) deps.err(`INVALID_INPUT: ${(e as Error).message}`);
    else deps.err(`ERROR: ${(e as Error).message}`);
    return 1;
  }
}
