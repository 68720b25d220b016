import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { ROOT } from './fixtures';

export const CLI = path.join(ROOT, 'dist', 'src', 'cli', 'main.js');

/** Runs the built CLI (npm test builds first) as a child process. */
export function runCli(args: string[], cwd: string) {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}
