import closeWithGrace from 'close-with-grace';
import { buildApp } from './app.js';
import { loadConfig } from './config/config.js';
import { createContext } from './composition-root.js';

/** Boot only: config, context, listen, graceful close. */
const config = loadConfig();
const ctx = await createContext(config);
const app = await buildApp(config, { ctx, ownsContext: true });
app.log.info({ knowledgeBases: await ctx.warmSearch() }, 'search indexes ready');
closeWithGrace({ delay: 10_000 }, async ({ err }) => {
  if (err) app.log.error({ err }, 'closing after error');
  await app.close();
});
await app.listen({ host: config.server.host, port: config.server.port });
