import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const WEB = path.join(ROOT, 'web');
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
 * Builds web/dist when it is missing or older than its sources, so the browser test never runs
 * against pages from another commit (web/dist is not committed). ~5 s when needed.
 */
export function ensurePagesBuilt() {
  if (existsSync(STAMP) && statSync(STAMP).mtimeMs >= newestSource()) return false;
  execFileSync(process.execPath, [path.join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--config', path.join(WEB, 'vite.config.ts'), '--logLevel', 'warn'], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  writeFileSync(STAMP, new Date().toISOString());
  return true;
}
