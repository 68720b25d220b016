import type { Edit } from '../../edit/edit';
import { insertBefore, replaceInAttributeValue, separatorBefore, setAttributeValue } from '../../edit/markup';
import { parseXml } from '../../xml/parse';
import { findElement, walkElements, type XmlDocument } from '../../xml/tree';
import { DTS } from '../names';
import { isAtOrBelow } from '../paths';

/**
 * The 2012+ designer layout: an XML document inside the CDATA section of the root's
 * `DTS:DesignTimeProperties`, whose shapes name executables, constraints and data-flow objects by
 * package path (`NodeLayout Id`, `ContainerLayout Id`, `EdgeLayout Id`, `design-time-name`,
 * `AnnotationLayout ParentId`). It is parsed on its own; its offsets are shifted into the package.
 */
export interface DesignTimeLayout {
  readonly doc: XmlDocument;
  /** Offset in the package text of the layout document's first character. */
  readonly base: number;
}

const PATH_ATTRIBUTES = new Set(['Id', 'design-time-name', 'ParentId']);
const CDATA_OPEN = '<![CDATA[';

const parsed = new WeakMap<XmlDocument, DesignTimeLayout | null>();

/** The package's layout; undefined when it has none or the section is not one well-formed CDATA document. */
export function designTimeLayout(pkg: XmlDocument): DesignTimeLayout | undefined {
  let layout = parsed.get(pkg);
  if (layout === undefined) {
    layout = parseLayout(pkg);
    parsed.set(pkg, layout);
  }
  return layout ?? undefined;
}

function parseLayout(pkg: XmlDocument): DesignTimeLayout | null {
  const section = pkg.root.element(DTS, 'DesignTimeProperties');
  if (!section) return null;
  const content = pkg.text.slice(section.startTagEnd, section.contentEnd);
  const open = content.indexOf(CDATA_OPEN);
  const close = content.lastIndexOf(']]>');
  if (open < 0 || close < open || content.slice(0, open).trim() !== '' || content.slice(close + 3).trim() !== '') return null;
  const base = section.startTagEnd + open + CDATA_OPEN.length;
  try {
    return { doc: parseXml(pkg.text.slice(base, section.startTagEnd + close), `${pkg.fileName} (layout)`), base };
  } catch {
    return null; // a broken layout is the designer's to rebuild; we neither read nor touch it
  }
}

/** Every path the layout refers to, for checking that each still names something. */
export function layoutReferences(layout: DesignTimeLayout): string[] {
  const references: string[] = [];
  walkElements(layout.doc.root, (element) => {
    for (const attribute of element.attributes) {
      if (PATH_ATTRIBUTES.has(attribute.name) && /^Package([\\.]|$)/.test(attribute.value)) references.push(attribute.value);
    }
  });
  return references;
}

/** Renames every layout reference at or below `oldPath` to the same place below `newPath`. */
export function renameLayoutPaths(layout: DesignTimeLayout, oldPath: string, newPath: string): Edit[] {
  const edits: Edit[] = [];
  walkElements(layout.doc.root, (element) => {
    for (const attribute of element.attributes) {
      if (isAtOrBelow(attribute.value, oldPath)) edits.push(replaceInAttributeValue(layout.doc, attribute, 0, oldPath.length, newPath));
    }
  });
  return edits.map((edit) => shift(edit, layout.base));
}

/** Removes every layout entry (shape, arrow, annotation) that names something at or below one of `paths`. */
export function removeLayoutPaths(layout: DesignTimeLayout, paths: readonly string[]): Edit[] {
  const edits: Edit[] = [];
  walkElements(layout.doc.root, (element) => {
    const named = element.attributes.some((a) => PATH_ATTRIBUTES.has(a.name) && paths.some((path) => isAtOrBelow(a.value, path)));
    if (!named) return true;
    edits.push({ start: element.start - separatorBefore(layout.doc, element).length, end: element.end, text: '' });
    return false;
  });
  return edits.map((edit) => shift(edit, layout.base));
}

/**
 * Where the designer puts a container's only child: 5.5 from the panel's left, top and right
 * edges and 55.5 from its bottom (the corpus's designer-placed single children, e.g. `Foreach
 * File` in PacktPublishing's Chapter06 LookupCache.dtsx, `Sequence Container` in ssisUnit's
 * PropertyTest2017.dtsx).
 */
const PANEL_MARGIN = 5.5;
const PANEL_BOTTOM_MARGIN = 55.5;

/**
 * Gives a new wrapper container a `ContainerLayout` where the wrapped container's was, with the
 * wrapped one placed inside its panel. Copies the wrapped layout's markup so attribute order and
 * line breaks match the file. Empty when the wrapped container has no layout of its own.
 */
export function wrapperContainerLayout(layout: DesignTimeLayout, wrappedPath: string, wrapperPath: string): Edit[] {
  const wrapped = findElement(layout.doc.root, (e) => e.local === 'ContainerLayout' && e.attribute('', 'Id')?.value === wrappedPath);
  const topLeft = wrapped?.attribute('', 'TopLeft');
  const size = parsePair(wrapped?.attribute('', 'Size')?.value);
  if (!wrapped || !wrapped.selfClosing || !topLeft || !size) return [];
  const header = Math.round(Number(wrapped.attribute('', 'HeaderHeight')?.value ?? 43)) || 43;
  const panel: [number, number] = [size[0] + 2 * PANEL_MARGIN, size[1] + PANEL_MARGIN + PANEL_BOTTOM_MARGIN];
  const values: Record<string, string> = {
    Id: wrapperPath,
    IsExpanded: 'True',
    PanelSize: formatPair(panel),
    Size: formatPair([panel[0], panel[1] + header]),
    TopLeft: topLeft.value,
  };

  const { text } = layout.doc;
  let markup = '';
  let cursor = wrapped.start;
  for (const attribute of wrapped.attributes) {
    const value = values[attribute.name];
    if (value === undefined) continue;
    markup += text.slice(cursor, attribute.valueStart) + setAttributeValue(layout.doc, attribute, value).text;
    cursor = attribute.valueEnd;
  }
  markup += text.slice(cursor, wrapped.end); // the tag's own ending, ` />` or `/>`
  const edits = [
    insertBefore(layout.doc, wrapped, markup),
    setAttributeValue(layout.doc, topLeft, formatPair([PANEL_MARGIN, PANEL_MARGIN])),
  ];
  return edits.map((edit) => shift(edit, layout.base));
}

export function parsePair(value: string | undefined): [number, number] | undefined {
  const parts = value?.split(',').map(Number);
  return parts && parts.length === 2 && parts.every(Number.isFinite) ? [parts[0], parts[1]] : undefined;
}

export function formatPair([x, y]: [number, number]): string {
  const format = (n: number) => String(Math.round(n * 1000) / 1000);
  return `${format(x)},${format(y)}`;
}

export function shift(edit: Edit, base: number): Edit {
  return { start: edit.start + base, end: edit.end + base, text: edit.text };
}
