import { readFileSync } from 'node:fs';
import path from 'node:path';
import { writeFileAtomically } from '../io/atomic-write';
import type { FileReport } from '../engine/file-job';
import type { AcceptedFinding } from '../engine/transform';
import { ConfigError } from './config-file';

/** One accepted finding: this rule, on this executable, in this package (relative to the suppression file). */
export interface Suppression {
  readonly rule: string;
  readonly package: string;
  readonly executable: string;
}

interface SuppressionFile {
  readonly version: 1;
  readonly suppressions: Suppression[];
}

/**
 * The committed list of findings a team has accepted, in the spirit of ESLint's bulk suppressions:
 * it lives beside the packages, not in them, because the SSIS designer drops XML comments when it
 * saves. A suppressed finding is neither reported nor fixed.
 */
export class Suppressions {
  private constructor(
    readonly file: string,
    private readonly entries: Suppression[],
  ) {}

  static load(file: string): Suppressions {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return new Suppressions(file, []);
      throw new ConfigError(`${file}: ${(error as Error).message}`);
    }
    let parsed: SuppressionFile;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      throw new ConfigError(`${file}: ${(error as Error).message}`);
    }
    const valid =
      parsed?.version === 1 &&
      Array.isArray(parsed.suppressions) &&
      parsed.suppressions.every((s) => typeof s?.rule === 'string' && typeof s.package === 'string' && typeof s.executable === 'string');
    if (!valid) throw new ConfigError(`${file}: expected {"version": 1, "suppressions": [{"rule", "package", "executable"}…]}`);
    return new Suppressions(file, parsed.suppressions);
  }

  get size(): number {
    return this.entries.length;
  }

  /** The package path as suppressions name it: relative to the suppression file's folder, `/` separated. */
  keyOf(packagePath: string): string {
    return path.relative(path.dirname(this.file), path.resolve(packagePath)).split(path.sep).join('/');
  }

  forPackage(packagePath: string): AcceptedFinding[] {
    const key = this.keyOf(packagePath);
    return this.entries.filter((s) => s.package === key).map(({ rule, executable }) => ({ rule, executable }));
  }

  /** These suppressions plus one for every finding in `results` (`absolute` maps a result to its file). */
  including(results: readonly FileReport[], absolute: (result: FileReport) => string): Suppressions {
    const added = results.flatMap((result) => {
      const key = this.keyOf(absolute(result));
      return result.findings.map((f) => ({ rule: f.rule, package: key, executable: f.executable }));
    });
    return new Suppressions(this.file, unique([...this.entries, ...added]));
  }

  /** Without the suppressions of processed packages that matched no finding in this run. */
  pruned(results: readonly FileReport[], absolute: (result: FileReport) => string): { kept: Suppressions; removed: number } {
    const processed = new Map(results.filter((r) => r.status !== 'error').map((r) => [this.keyOf(absolute(r)), r]));
    const kept = this.entries.filter((s) => {
      const result = processed.get(s.package);
      return !result || result.suppressed.some((f) => f.rule === s.rule && f.executable === s.executable);
    });
    return { kept: new Suppressions(this.file, kept), removed: this.entries.length - kept.length };
  }

  async save(): Promise<void> {
    const file: SuppressionFile = { version: 1, suppressions: this.entries };
    await writeFileAtomically(this.file, JSON.stringify(file, null, 2) + '\n');
  }
}

function unique(entries: Suppression[]): Suppression[] {
  const byKey = new Map(entries.map((s) => [`${s.package}\0${s.executable}\0${s.rule}`, s]));
  return [...byKey.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, s]) => s);
}
