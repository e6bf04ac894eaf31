import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';

export interface MachineInfo {
  cpu: string;
  cores: number;
  ramGiB: number;
  os: string;
  node: string;
  pglite: string;
  loadAverage: number[];
}

export interface CodeVersion {
  commit: string;
  /** Files that differ from the commit in the code being measured (src, ingest, migrations). */
  modified: string[];
}

export function machineInfo(): MachineInfo {
  const osName = fs.existsSync('/etc/os-release')
    ? (fs.readFileSync('/etc/os-release', 'utf8').match(/^PRETTY_NAME="?([^"\n]+)"?/m)?.[1] ?? os.type())
    : os.type();
  return {
    cpu: os.cpus()[0]?.model.trim() ?? 'unknown',
    cores: os.availableParallelism(),
    ramGiB: os.totalmem() / 1024 ** 3,
    os: `${osName}, Linux ${os.release()}`,
    node: process.version,
    pglite: packageVersion('@electric-sql/pglite'),
    loadAverage: os.loadavg(),
  };
}

/** Installed version of a package, found from its entry point (many do not export package.json). */
export function packageVersion(name: string): string {
  try {
    let dir = path.dirname(createRequire(import.meta.url).resolve(name));
    while (dir !== path.dirname(dir)) {
      const file = path.join(dir, 'package.json');
      if (fs.existsSync(file)) {
        const pkg = JSON.parse(fs.readFileSync(file, 'utf8')) as { name?: string; version?: string };
        if (pkg.name === name && pkg.version) return pkg.version;
      }
      dir = path.dirname(dir);
    }
  } catch {
    /* not installed */
  }
  return 'unknown';
}

export function codeVersion(): CodeVersion {
  // trimEnd only: porcelain lines start with a status column that may be a space.
  const git = (...args: string[]) => execFileSync('git', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trimEnd();
  try {
    const commit = git('rev-parse', 'HEAD').trim();
    const modified = git('status', '--porcelain', '--', 'src', 'ingest', 'migrations')
      .split('\n')
      .filter(Boolean)
      .map((l) => l.slice(3));
    return { commit, modified };
  } catch {
    return { commit: 'unknown (not a git checkout)', modified: [] };
  }
}
