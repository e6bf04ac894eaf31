import fs from 'node:fs';
import path from 'node:path';
import { SuiteFormatError } from './suite-loader.js';

/** Command-line suite arguments: a suite.yaml, a suite folder, or a folder of suite folders (sorted). */
export function expandSuitePaths(args: string[]): string[] {
  return args.flatMap((a) => {
    if (!fs.existsSync(a)) throw new SuiteFormatError(a, undefined, 'path', 'does not exist');
    if (fs.statSync(a).isFile() || fs.existsSync(path.join(a, 'suite.yaml'))) return [a];
    return fs.readdirSync(a).map((d) => path.join(a, d)).filter((d) => fs.existsSync(path.join(d, 'suite.yaml'))).sort();
  });
}
