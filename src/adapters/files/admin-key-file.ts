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
