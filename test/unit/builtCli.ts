// The built CLI the process tests spawn, rebuilt with esbuild when any source is newer than it.
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { ROOT } from './engine/helpers';

export const BIN = path.join(ROOT, 'bin', 'rnn-math.js');
export const DIST = path.join(ROOT, 'dist', 'cli.js');

function newestSource(dir: string): number {
  let newest = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) newest = Math.max(newest, newestSource(p));
    else if (e.name.endsWith('.ts')) newest = Math.max(newest, fs.statSync(p).mtimeMs);
  }
  return newest;
}

/** Builds dist/ when dist/cli.js is missing or older than some file under src/. */
export function ensureBuiltCli(): void {
  const stale = !fs.existsSync(DIST) || fs.statSync(DIST).mtimeMs < newestSource(path.join(ROOT, 'src'));
  if (stale) execFileSync(process.execPath, ['esbuild.js'], { cwd: ROOT, stdio: 'ignore' });
}
