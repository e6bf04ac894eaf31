import { InvalidFilename } from '../../src/domain/errors.js';

const MAX_LENGTH = 1024;

/**
 * A document's source path is both its identity in the knowledge base and, for folder ingestion,
 * a path under the ingested folder, so it must never climb out of it or be absolute. Uploads
 * from Windows use `\` as a separator, which would otherwise smuggle `..\..` past a `/` check.
 */
export function validateSourcePath(p: string): string {
  const reject = (reason: string): never => {
    throw new InvalidFilename(`Invalid source path ${JSON.stringify(p.slice(0, 200))}: ${reason}`, { details: { path: p.slice(0, 200), reason } });
  };
  if (typeof p !== 'string' || p.trim() === '') reject('empty');
  if (p.length > MAX_LENGTH) reject(`longer than ${MAX_LENGTH} characters`);
  if (p.includes('\0')) reject('contains a NUL byte');
  // eslint-disable-next-line no-control-regex
  if (/[\u0001-\u001f\u007f]/.test(p)) reject('contains control characters');

  const slashed = p.replace(/\\/g, '/');
  if (slashed.startsWith('/')) reject('absolute path');
  if (/^[A-Za-z]:/.test(slashed)) reject('absolute path (drive letter)');

  const segments = slashed.split('/').filter((s) => s !== '' && s !== '.');
  if (segments.some((s) => s === '..')) reject('contains a ".." segment');
  if (segments.length === 0) reject('empty');
  if (segments.some((s) => s.trim() === '')) reject('contains a blank segment');
  return segments.join('/');
}
