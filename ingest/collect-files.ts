import fs from 'node:fs/promises';
import path from 'node:path';

export interface FileToIngest {
  absolutePath: string;
  /** The file's bytes when already in memory (otherwise read from `absolutePath`). */
  bytes?: Uint8Array;
  /** Relative to the folder given on the command line (`/` separated); a lone file keeps its name. */
  sourcePath: string;
}

/** Walks folders recursively, keeping files the loaders support; skips dot-files and node_modules. */
export async function collectFiles(paths: string[], isSupported: (p: string) => boolean): Promise<FileToIngest[]> {
  const out: FileToIngest[] = [];
  for (const p of paths) {
    const abs = path.resolve(p);
    const stat = await fs.stat(abs);
    if (stat.isFile()) {
      out.push({ absolutePath: abs, sourcePath: path.basename(abs) });
      continue;
    }
    for (const entry of await fs.readdir(abs, { recursive: true, withFileTypes: true })) {
      if (!entry.isFile()) continue;
      const full = path.join(entry.parentPath ?? (entry as unknown as { path: string }).path, entry.name);
      const rel = path.relative(abs, full).split(path.sep).join('/');
      if (rel.split('/').some((seg) => seg.startsWith('.') || seg === 'node_modules')) continue;
      if (isSupported(rel)) out.push({ absolutePath: full, sourcePath: rel });
    }
  }
  return out.sort((a, b) => a.sourcePath.localeCompare(b.sourcePath));
}
