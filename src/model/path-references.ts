import type { Edit } from '../edit/edit';
import { replaceInAttributeValue, replaceInText } from '../edit/markup';
import { DTS } from './names';
import type { Executable, PackageModel } from './package';
import { isAtOrBelow } from './paths';
import { hasMarkBetween, positionsOf } from '../xml/text-marks';
import { walkElements, type XmlAttribute, type XmlDocument, type XmlElement } from '../xml/tree';

/**
 * Everything in the package that names `executable` (or something inside it) by path, renamed to
 * `newPath`: the dialect's own references (refIds, data-flow ids, the 2012+ layout) and property
 * paths in configurations and expressions.
 */
export function movePathReferences(pkg: PackageModel, executable: Executable, newPath: string): Edit[] {
  return [...pkg.dialect.renamePaths(pkg.doc, executable.element, executable.path, newPath), ...renamePathReferences(pkg.doc, executable.path, newPath)];
}

/** The ends of the precedence constraints around `executable` that are `executable`, pointed at `target` instead. */
export function repointConstraints(pkg: PackageModel, executable: Executable, target: { path: string; dtsid: string }): Edit[] {
  const edits: Edit[] = [];
  for (const constraint of executable.parent?.constraints ?? []) {
    for (const end of ['from', 'to'] as const) {
      if (constraint[end] === executable) edits.push(...pkg.dialect.setConstraintEnd(pkg.doc, constraint.element, end, target));
    }
  }
  return edits;
}

/**
 * Property paths inside the package that name an executable the way configurations, `dtexec /SET`
 * and property expressions do, with a leading backslash: `\Package\Loop.Properties[MaxErrorCount]`
 * in a configuration's `ConfigurationVariable`, or the same string in an expression. Both dialects
 * write them, so a moved executable's old path is renamed wherever one appears in an attribute
 * value or a leaf's text; variable values (user data) and CDATA (scripts, the layout) are left alone.
 */
export function renamePathReferences(doc: XmlDocument, oldPath: string, newPath: string): Edit[] {
  const edits: Edit[] = [];
  const needle = `\\${oldPath}`;
  for (const mention of pathMentions(doc)) {
    if (!mention.value.startsWith(needle, mention.at - 1) || !isAtOrBelow(mention.value.slice(mention.at, mention.at + oldPath.length + 1), oldPath)) continue;
    const { at } = mention;
    edits.push('valueStart' in mention.holder ? replaceInAttributeValue(doc, mention.holder, at, at + oldPath.length, newPath) : replaceInText(doc, mention.holder, at, at + oldPath.length, newPath));
  }
  return edits;
}

/** Where a value names a package path: the index of `Package` just after a backslash, in an attribute value or a leaf's text. */
interface PathMention {
  readonly holder: XmlAttribute | XmlElement;
  readonly value: string;
  readonly at: number;
}

const ROOT_NEEDLE = '\\Package';
const mentionsOf = new WeakMap<XmlDocument, PathMention[]>();

/**
 * Every `\Package…` in the document, found in one walk and kept for the document: a package that
 * wraps 320 loops renames 320 paths, and walking the whole tree for each made that quadratic
 * (5 of the 12 seconds of the 20 MB benchmark package).
 */
function pathMentions(doc: XmlDocument): PathMention[] {
  const cached = mentionsOf.get(doc);
  if (cached) return cached;
  const mentions: PathMention[] = [];
  const record = (holder: XmlAttribute | XmlElement, value: string) => {
    for (let i = value.indexOf(ROOT_NEEDLE); i !== -1; i = value.indexOf(ROOT_NEEDLE, i + ROOT_NEEDLE.length)) mentions.push({ holder, value, at: i + 1 });
  };
  // Only a leaf whose raw text could spell a path is decoded: one holding `\Package` or a character reference.
  const marks = [...positionsOf(doc.text, ROOT_NEEDLE), ...positionsOf(doc.text, '&#')].sort((a, b) => a - b);
  walkElements(doc.root, (element) => {
    if (element.uri === DTS && (element.local === 'VariableValue' || element.local === 'DesignTimeProperties')) return false;
    if (hasMarkBetween(marks, element.start, element.startTagEnd)) {
      for (const attribute of element.attributes) if (attribute.value.includes(ROOT_NEEDLE)) record(attribute, attribute.value);
    }
    if (element.children.length === 0 && !element.selfClosing && hasMarkBetween(marks, element.startTagEnd, element.contentEnd)) {
      const value = element.text!;
      if (value.includes(ROOT_NEEDLE) && !isCdata(doc, element)) record(element, value);
    }
    return true;
  });
  mentionsOf.set(doc, mentions);
  return mentions;
}

function isCdata(doc: XmlDocument, element: XmlElement): boolean {
  return doc.text.slice(element.startTagEnd, element.contentEnd).includes('<![CDATA[');
}
