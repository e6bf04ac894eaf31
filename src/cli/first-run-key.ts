import type { FastifyBaseLogger } from 'fastify';
import type { AppContext } from '../composition-root.js';
import type { Config } from '../config/config.js';
import { writeAdminKeyFile, writePublicKeyFile } from '../adapters/files/admin-key-file.js';
import { DEFAULT_TENANT } from '../domain/tenancy.js';
import { ensureLocalAdminKey } from '../use-cases/ensure-local-admin-key.js';

/**
 * First start with no API key: creates the local admin key, writes it to ADMIN_KEY_FILE (0600)
 * and prints it once. The log line names the file, not the key (logs are kept and shipped).
 */
export async function firstRunAdminKey(config: Config, ctx: AppContext, log: FastifyBaseLogger) {
  if (!config.auth.enabled) return;
  const local = await ensureLocalAdminKey({ tenants: ctx.tenants, saveKey: (key) => writeAdminKeyFile(config.auth.adminKeyFile, key) });
  if (!local) return;
  // The home page's demo chat: a widget key with no other allowed origin than our own pages.
  const widget = await ctx.tenants.createKey(DEFAULT_TENANT, { name: 'local-pages-widget', role: 'widget', allowedOrigins: [] }, null);
  await writePublicKeyFile(config.auth.pagesWidgetKeyFile, widget.key);
  log.warn({ file: local.file, keyId: local.id }, 'first start: created a local admin API key (default tenant) and saved it to the file');
  process.stderr.write(
    `\n  Local admin API key (shown once; also in ${local.file}):\n    ${local.key}\n` +
      `  Use it as: curl -H "Authorization: Bearer $(cat ${local.file})" http://localhost:${config.server.port}/v1/knowledge-bases\n\n`,
  );
}
