import type { FileCollector } from '../engine/file-job';
import type { RestartUnitScope } from '../model/restart-units';
import { buildPackageModel, type PackageModel } from '../model/package';
import { controlFlowDrawing } from '../model/dialects/drawing';
import { simulateAll, simulationOptionsFor } from '../restart/simulate';
import { parseXml } from '../xml/parse';
import { escapeText } from '../xml/escape';
import { explainTable } from './explain';
import { controlFlowSvg } from './picture';

/**
 * What the review report shows of one package beyond its findings and diff: the control flow
 * before and after as pictures (what the fix added or changed outlined) and the restart table
 * before and after. Made where the texts are (a worker), so only these strings travel.
 */
export interface PackageReview {
  readonly before: string;
  readonly after?: string;
  readonly restartBefore: string;
  readonly restartAfter?: string;
}

export function packageReview(path: string, original: string, output: string | undefined, restartUnits: RestartUnitScope): PackageReview {
  const before = buildPackageModel(parseXml(original, path));
  const after = output === undefined ? undefined : buildPackageModel(parseXml(output, path));
  const restart = (pkg: PackageModel) => explainTable(path, simulateAll(pkg, simulationOptionsFor(pkg, restartUnits)));
  return {
    before: picture(before, new Set(), `${path}: control flow before`),
    restartBefore: restart(before),
    ...(after
      ? {
          after: picture(after, changedExecutables(before, after), `${path}: control flow after the fixes`),
          // The restart is judged as the fixes see the package: by the original's checkpoint settings.
          restartAfter: explainTable(path, simulateAll(after, simulationOptionsFor(before, restartUnits))),
        }
      : {}),
  };
}

/** A drawing that cannot be made costs the picture, not the package's place in the run. */
function picture(pkg: PackageModel, marked: ReadonlySet<string>, title: string): string {
  try {
    return controlFlowSvg(controlFlowDrawing(pkg), marked, title);
  } catch (error) {
    return `<p class="reason">No picture: ${escapeText((error as Error).message)}</p>`;
  }
}

/** Executables of `after` that are new, or whose restart-related properties differ from `before`'s (matched by DTSID). */
export function changedExecutables(before: PackageModel, after: PackageModel): Set<string> {
  const was = new Map(before.executables.filter((e) => e.dtsid).map((e) => [e.dtsid!, e]));
  const changed = new Set<string>();
  for (const executable of after.executables) {
    const old = executable.dtsid ? was.get(executable.dtsid) : undefined;
    if (
      !old ||
      old.kind !== executable.kind ||
      old.failPackageOnFailure !== executable.failPackageOnFailure ||
      old.failParentOnFailure !== executable.failParentOnFailure ||
      old.disabled !== executable.disabled ||
      old.forcedResult !== executable.forcedResult ||
      old.maxErrorCount !== executable.maxErrorCount
    ) {
      changed.add(executable.path);
    }
  }
  return changed;
}

/** The review report's part of a run: the pictures and restart tables, made in the worker that holds the texts. */
export const reviewCollector: FileCollector = {
  name: 'review',
  collect: ({ path, original, output, settings }) => packageReview(path, original, output, settings.restartUnits),
};
