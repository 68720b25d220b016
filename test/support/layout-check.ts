import type { Element } from '@xmldom/xmldom';
import { oracleDocument, selectNodes, selectStrings } from './oracle';

/**
 * Reads a 2012+ package's designer layout the way the designer draws it, independently of
 * src/ (xmldom and xpath only), and counts what a person would see as broken:
 * - a shape that spills out of the panel of the container it belongs to;
 * - two shapes of one panel that overlap;
 * - an arrow whose start is not on the edge of the shape its constraint leaves, or whose end
 *   (EndConnector) is not on the edge of the shape it enters;
 * - a layout id (shape, arrow, design-time-name) that names no object of the package.
 * Geometry follows the files: a shape's TopLeft is relative to its container's panel; an arrow's
 * TopLeft is its start, and Start, End and EndConnector are relative to it.
 */
export interface LayoutProblems {
  /** `child in parent` */
  readonly outside: string[];
  /** `a / b`, in document order */
  readonly overlaps: string[];
  /** `constraint: start|end` */
  readonly arrowEnds: string[];
  readonly dangling: string[];
  /** Arrows whose two ends have shapes, which the arrow check looked at. */
  readonly arrowsChecked: number;
}

interface Box {
  readonly id: string;
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
  readonly panel?: { w: number; h: number };
}

/** How far from a shape's edge an arrow end may be, and how much two shapes may share, in layout units. */
const TOLERANCE = 1;

export function checkLayout(packageText: string): LayoutProblems | undefined {
  const pkg = oracleDocument(packageText);
  const cdata = selectStrings('/DTS:Executable/DTS:DesignTimeProperties', pkg)[0];
  if (!cdata || !cdata.trim().startsWith('<?xml')) return undefined;
  const layout = oracleDocument(cdata.trim());
  const constraints = new Map<string, { from: string; to: string }>();
  for (const c of selectNodes('//DTS:PrecedenceConstraint[@DTS:refId]', pkg)) {
    constraints.set(c.getAttribute('DTS:refId')!, { from: c.getAttribute('DTS:From')!, to: c.getAttribute('DTS:To')! });
  }
  const known = new Set(['Package', ...selectStrings('//@DTS:refId | //@refId', pkg)]);
  const problems = { outside: [] as string[], overlaps: [] as string[], arrowEnds: [] as string[], dangling: [] as string[], arrowsChecked: 0 };

  for (const id of selectStrings('//*[local-name()="NodeLayout" or local-name()="ContainerLayout" or local-name()="EdgeLayout"]/@Id | //@design-time-name | //*[local-name()="AnnotationLayout"]/@ParentId', layout)) {
    if (/^Package([\\.]|$)/.test(id) && !known.has(id)) problems.dangling.push(id);
  }

  // Each GraphLayout is one canvas: the control flow's, or an event handler's.
  for (const graph of selectNodes('//*[local-name()="Package" or local-name()="DtsEventHandler"]/*[local-name()="LayoutInfo"]/*[local-name()="GraphLayout"]', layout)) {
    const boxes = new Map<string, Box>();
    for (const shape of childElements(graph, ['NodeLayout', 'ContainerLayout'])) {
      const [x, y] = pair(shape.getAttribute('TopLeft'));
      const [w, h] = pair(shape.getAttribute('Size'));
      const panel = shape.getAttribute('PanelSize') ? pair(shape.getAttribute('PanelSize')) : undefined;
      if ([x, y, w, h].some((n) => !Number.isFinite(n))) continue; // never drawn (Size="NaN,NaN")
      const id = shape.getAttribute('Id')!;
      boxes.set(id, { id, x, y, w, h, ...(panel && panel.every(Number.isFinite) ? { panel: { w: panel[0], h: panel[1] } } : {}) });
    }
    const byPanel = new Map<string, Box[]>();
    for (const box of boxes.values()) {
      const parent = parentPath(box.id);
      byPanel.set(parent, [...(byPanel.get(parent) ?? []), box]);
      const container = boxes.get(parent);
      if (container?.panel && (box.x < -TOLERANCE || box.y < -TOLERANCE || box.x + box.w > container.panel.w + TOLERANCE || box.y + box.h > container.panel.h + TOLERANCE)) {
        problems.outside.push(`${box.id} in ${parent}`);
      }
    }
    for (const siblings of byPanel.values()) {
      for (let i = 0; i < siblings.length; i++) {
        for (let j = i + 1; j < siblings.length; j++) if (overlap(siblings[i], siblings[j])) problems.overlaps.push(`${siblings[i].id} / ${siblings[j].id}`);
      }
    }
    for (const edge of childElements(graph, ['EdgeLayout'])) {
      const id = edge.getAttribute('Id')!;
      const ends = constraints.get(id);
      const from = ends && boxes.get(ends.from);
      const to = ends && boxes.get(ends.to);
      const curve = selectNodes('.//*[local-name()="Curve"]', edge)[0];
      if (!from || !to || !curve) continue;
      problems.arrowsChecked++;
      const [x, y] = pair(edge.getAttribute('TopLeft'));
      const [sx, sy] = pair(curve.getAttribute('Start'));
      const [ex, ey] = pair(curve.getAttribute('EndConnector'));
      // Both shapes are in the panel the constraint's owner draws, so the arrow shares their coordinates.
      if (!onEdge(from, x + sx, y + sy)) problems.arrowEnds.push(`${id}: start`);
      if (!onEdge(to, x + ex, y + ey)) problems.arrowEnds.push(`${id}: end`);
    }
  }
  return problems;
}

function childElements(parent: Element, names: string[]): Element[] {
  const result: Element[] = [];
  for (let node = parent.firstChild; node; node = node.nextSibling) {
    if (node.nodeType === 1 && names.includes((node as Element).localName!)) result.push(node as Element);
  }
  return result;
}

function pair(value: string | null): [number, number] {
  const parts = (value ?? '').split(',').map(Number);
  return parts.length === 2 ? [parts[0], parts[1]] : [NaN, NaN];
}

/** `Package\A\B` is in `Package\A`; `Package.EventHandlers[OnError]\T` in its handler. */
function parentPath(id: string): string {
  return id.slice(0, Math.max(0, id.lastIndexOf('\\')));
}

function overlap(a: Box, b: Box): boolean {
  return Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x) > TOLERANCE && Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y) > TOLERANCE;
}

function onEdge(box: Box, x: number, y: number): boolean {
  const inside = (margin: number) => x > box.x - margin && x < box.x + box.w + margin && y > box.y - margin && y < box.y + box.h + margin;
  return inside(TOLERANCE) && !inside(-TOLERANCE);
}

/** The layout counts of a package, for the sweep's table. */
export function layoutCounts(problems: LayoutProblems | undefined) {
  return {
    outside: problems?.outside.length ?? 0,
    overlaps: problems?.overlaps.length ?? 0,
    arrowEnds: problems?.arrowEnds.length ?? 0,
    dangling: problems?.dangling.length ?? 0,
    arrows: problems?.arrowsChecked ?? 0,
  };
}
