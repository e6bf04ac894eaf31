import { ensurePagesBuilt } from '../web/ensure-built.js';

/**
 * Builds web/dist once before any test file runs when it is missing or stale (it is not
 * committed): the page tests run in parallel workers and must not each start a build.
 */
export default function setup() {
  ensurePagesBuilt();
}
