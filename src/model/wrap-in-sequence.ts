import type { Edit } from '../edit/edit';
import { indentAlong, reindentEdits, whitespaceAround } from '../edit/indent';
import type { NewSequence } from './dialects/dialect';
import type { Executable, PackageModel } from './package';
import { movePathReferences, repointConstraints } from './path-references';

/** The Sequence container to put around an executable; its path and format follow from where it goes. */
export type Wrapper = Omit<NewSequence, 'path' | 'formatVersion'>;

/**
 * Moves `target` one level deeper, into a new Sequence container that takes its place among its
 * siblings, and rewires everything that pointed at it (dtsx-format.md §3.2 and §4.8):
 * - constraints in the old parent that ended at `target` now end at the wrapper;
 * - every path at or below `target` (2012+: refIds, data-flow ids, layout) gains the wrapper level,
 *   and so does every property path that names it inside the package (`\Package\Loop.Properties[…]`
 *   in configurations and expressions, both dialects);
 * - the wrapper gets a designer layout where `target` was (2012+);
 * - `target`'s lines are indented one container level deeper in the file's own indent unit.
 * The edits touch nothing else. `onTarget` are the caller's edits inside `target` (its own flags),
 * written on the text as given: they move with it, so the whole fix is one pass, not two.
 */
export function wrapInSequence(pkg: PackageModel, target: Executable, wrapper: Wrapper, onTarget: readonly Edit[] = []): Edit[] {
  const { doc, dialect } = pkg;
  const parent = target.parent;
  if (!parent) throw new Error('the package itself cannot be wrapped');
  const wrapperPath = `${parent.path}\\${wrapper.name}`;
  const whitespace = whitespaceAround(doc, target.element);
  const { open, close } = dialect.sequenceAround(doc, target.element, { ...wrapper, path: wrapperPath, formatVersion: pkg.formatVersion }, whitespace);

  const extra = whitespace.unit.repeat(dialect.childExecutableDepth);
  const edits: Edit[] = [
    { start: target.element.start, end: target.element.start, text: open },
    ...indentAlong(reindentEdits(doc, target.element, extra), onTarget, extra),
    { start: target.element.end, end: target.element.end, text: close },
    ...movePathReferences(pkg, target, `${wrapperPath}\\${target.name}`),
    ...dialect.layoutWrapper(doc, target.path, wrapperPath),
    ...repointConstraints(pkg, target, { path: wrapperPath, dtsid: wrapper.dtsid }),
  ];
  return edits;
}
