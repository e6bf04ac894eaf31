import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const WEB = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(WEB, '..');
export const WEB_DIST = path.join(WEB, 'dist');
const STAMP = path.join(WEB_DIST, '.built');

/** Newest modification time of the pages' sources (web/ without dist). */
function newestSource(dir = WEB): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'dist' || entry.name === 'node_modules') continue;
    const p = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(p) : statSync(p).mtimeMs);
  }
  return newest;
}

/**
 * Builds web/dist when it is missing or older than its sources (web/dist is not committed), so
 * `npm start`, the quickstart and the browser test never serve pages from another commit.
 * ~5 s when needed, a directory walk otherwise.
 */
export function ensurePagesBuilt() {
  if (existsSync(STAMP) && statSync(STAMP).mtimeMs >= newestSource()) return false;
  execFileSync(process.execPath, [path.join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--config', path.join(WEB, 'vite.config.ts'), '--logLevel', 'warn'], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  return true;
}

// `tsx web/ensure-built.ts` (npm prestart / prequickstart).
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  console.log(ensurePagesBuilt() ? 'web pages built into web/dist' : 'web pages up to date');
}
