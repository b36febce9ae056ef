import { existsSync } from 'node:fs';
import * as path from 'node:path';

/**
 * The installed package: the nearest folder above this script that holds package.json and docs/
 * (dist/.. once installed, the repository when run from compiled tests). Rule docs live there.
 */
export function packageRoot(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json')) && existsSync(path.join(dir, 'docs'))) return dir;
    if (path.dirname(dir) === dir) return path.resolve(__dirname, '..');
  }
}
