import fs from 'node:fs/promises';
import path from 'node:path';

/** Writes the first-run admin key readable by its owner only (0600), its folder created if needed. */
export async function writeAdminKeyFile(file: string, key: string): Promise<string> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  await fs.writeFile(file, `${key}\n`, { mode: 0o600 });
  // writeFile's mode applies only when it creates the file.
  await fs.chmod(file, 0o600);
  return file;
}

/** The pages' public widget key: not a secret (it only works from the service's own pages). */
export async function writePublicKeyFile(file: string, key: string): Promise<string> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  await fs.writeFile(file, `${key}\n`);
  return file;
}

/** The pages' widget key, if the first start made one. */
export async function readPublicKeyFile(file: string): Promise<string | null> {
  try {
    return (await fs.readFile(file, 'utf8')).trim() || null;
  } catch {
    return null;
  }
}
