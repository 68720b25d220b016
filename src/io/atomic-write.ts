import { closeSync, fsyncSync, openSync, promises as fs, readdirSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { contentDigest } from './digest';

/**
 * Atomic replacement of a package: the new bytes go to a temporary file beside it, are flushed
 * to disk, and the temporary file is renamed over the package, so every reader sees the old file
 * or the new one. Written here rather than with write-file-atomic because that library names its
 * temporaries by an opaque hash: a later run could not tell its leftovers from another tool's, nor
 * whether the process that made them is gone; and it cannot check the package just before the rename.
 *
 * Temporaries are named `<package>.dtsx-codemod-<host>-<pid>-<n>.tmp`.
 */

const HOST = hostname().replace(/[^A-Za-z0-9]/g, '_') || 'host';
const TEMPORARY = /^(.+)\.dtsx-codemod-([A-Za-z0-9_]+)-(\d+)-(\d+)\.tmp$/;

let counter = 0;
const inFlight = new Set<string>();
let removeExitHandler: (() => void) | undefined;

/**
 * While temporaries exist, a signal or exit removes them (SIGKILL cannot be caught, so the next
 * run removes those: `removeOrphanedTemporaries`). The handler is there only while they exist:
 * installed for good, it would make a busy process ignore SIGTERM until it next waits.
 */
function track(temporary: string): void {
  inFlight.add(temporary);
  // Loaded with the first write: a dry run or --check never needs it.
  removeExitHandler ??= (require('signal-exit') as typeof import('signal-exit')).onExit(() => {
    for (const file of inFlight) {
      try {
        unlinkSync(file);
      } catch {
        // already renamed or removed
      }
    }
  });
}

function untrack(temporary: string): void {
  inFlight.delete(temporary);
  if (inFlight.size === 0 && removeExitHandler) {
    removeExitHandler();
    removeExitHandler = undefined;
  }
}

/** The package changed on disk between being read and being replaced: someone else wrote it. */
export class ChangedOnDiskError extends Error {
  constructor(file: string) {
    super(`${file} changed on disk while it was processed`);
    this.name = 'ChangedOnDiskError';
  }
}

/**
 * Replaces `file` with `bytes` atomically, keeping its permissions. With `expectedDigest`, the
 * file must still hold what was analysed (`contentDigest` of it) when the rename comes; if it
 * does not, nothing is replaced and ChangedOnDiskError is thrown.
 */
export async function writeFileAtomically(file: string, bytes: Uint8Array | string, expectedDigest?: string): Promise<void> {
  // A new file gets the default mode less the umask, as open(2) gives it.
  const mode = await fs.stat(file).then(
    (stat) => stat.mode & 0o7777,
    (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT' && expectedDigest === undefined) return undefined;
      throw error;
    },
  );
  const temporary = `${file}.dtsx-codemod-${HOST}-${process.pid}-${++counter}.tmp`;
  track(temporary);
  try {
    // Synchronous calls: the file is open for the shortest time, and no other write of this run interleaves.
    const fd = openSync(temporary, 'wx', mode ?? 0o666);
    try {
      writeFileSync(fd, bytes); // loops until every byte is written
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    if (mode !== undefined) await fs.chmod(temporary, mode); // open(2) applied the umask
    if (expectedDigest !== undefined && contentDigest(await fs.readFile(file)) !== expectedDigest) throw new ChangedOnDiskError(file);
    await fs.rename(temporary, file);
  } catch (error) {
    await fs.unlink(temporary).catch(() => undefined);
    throw error;
  } finally {
    untrack(temporary);
  }
}

/**
 * Removes the temporaries that runs on this machine left in `folders` when they were killed:
 * ours by name, made on this host, by a process that no longer exists. Returns what it removed.
 */
export function removeOrphanedTemporaries(folders: Iterable<string>): string[] {
  const removed: string[] = [];
  for (const folder of folders) {
    let names: string[];
    try {
      names = readdirSync(folder);
    } catch {
      continue;
    }
    for (const name of names) {
      const match = TEMPORARY.exec(name);
      if (!match || match[2] !== HOST || isRunning(Number(match[3]))) continue;
      try {
        unlinkSync(path.join(folder, name));
        removed.push(path.join(folder, name));
      } catch {
        // gone already, or not ours to remove
      }
    }
  }
  return removed;
}

function isRunning(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
