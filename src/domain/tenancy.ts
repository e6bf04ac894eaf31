/**
 * Tenants (workspaces), roles and API keys (issue 8, docs/security.md). Plain data and rules:
 * hashing and storage live in adapters, the HTTP check in http/plugins/app/auth.ts.
 */

/** The built-in workspace migrations/008 creates; data from before tenants existed belongs to it. */
export const DEFAULT_TENANT = 'default';

export const ROLES = ['admin', 'content', 'agent', 'qa', 'analyst', 'widget'] as const;
export type Role = (typeof ROLES)[number];

/** What a route may be called with; admin may call every route. */
export type RouteRoles = readonly Role[];

export const TENANT_ID_RE = /^[a-z0-9][a-z0-9_-]{0,62}$/;

/** Secret keys (server to server) and public widget keys (shipped in a web page). */
export const SECRET_KEY_PREFIX = 'kf_live_';
export const PUBLIC_KEY_PREFIX = 'kf_pub_';

export const keyPrefixFor = (role: Role) => (role === 'widget' ? PUBLIC_KEY_PREFIX : SECRET_KEY_PREFIX);

/** Who is calling: resolved from the API key on every /v1 request. */
export interface Principal {
  tenantId: string;
  keyId: string | null;
  role: Role;
  /** Widget keys: the Origin values allowed to use the key. */
  allowedOrigins: string[];
}

export interface ApiKeyRecord {
  id: string;
  tenantId: string;
  name: string;
  role: Role;
  prefix: string;
  allowedOrigins: string[];
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

export interface Tenant {
  id: string;
  name: string;
  createdAt: Date;
}

export interface AuditEntry {
  id: number;
  tenantId: string;
  keyId: string | null;
  action: string;
  target: string | null;
  details: Record<string, unknown>;
  at: Date;
}

/** Who performed an audited action (the key, or null for the CLI and the service itself). */
export interface Actor {
  tenantId: string;
  keyId: string | null;
}

/** May a principal of this role call a route declaring these roles? Admin may call anything. */
export function roleAllowed(role: Role, routeRoles: RouteRoles | undefined): boolean {
  if (role === 'admin') return true;
  // A route declaring no roles is admin-only: secure by default.
  return !!routeRoles && routeRoles.includes(role);
}

/** Asks a store to write an audit row in the transaction of the change itself. */
export interface AuditOf {
  actor: Actor;
  /** Defaults to the store's own name for the change (document.create, kb.delete, ...). */
  action?: string;
}
