import { ConfigError } from '../config/config.js';
import { DomainError } from '../domain/errors.js';

/**
 * A process that cannot start says why in one line and exits non-zero, instead of an unhandled
 * rejection's stack trace (a locked database or a bad setting is an operator's problem, not a bug).
 */
export function exitOnStartupFailure(err: unknown): never {
  if (err instanceof DomainError) console.error(`${err.code}: ${err.message}`);
  else if (err instanceof ConfigError) console.error(err.message);
  else console.error(err);
  process.exit(1);
}
