import closeWithGrace from 'close-with-grace';
import { buildApp } from './app.js';
import { loadConfig, type Config } from './config/config.js';
import { createContext } from './composition-root.js';
import { exitOnStartupFailure } from './cli/startup-failure.js';
import { firstRunAdminKey } from './cli/first-run-key.js';

/** Boot only: config, context, listen, graceful close. */
let config: Config;
try {
  config = loadConfig();
} catch (err) {
  exitOnStartupFailure(err);
}
const ctx = await createContext(config).catch(exitOnStartupFailure);
const app = await buildApp(config, { ctx, ownsContext: true });
await firstRunAdminKey(config, ctx, app.log);
app.log.info({ knowledgeBases: await ctx.warmSearch() }, 'search indexes ready');
closeWithGrace({ delay: 10_000 }, async ({ err }) => {
  if (err) app.log.error({ err }, 'closing after error');
  await app.close();
});
await app.listen({ host: config.server.host, port: config.server.port }).catch(async (err) => {
  await app.close();
  exitOnStartupFailure(err);
});
