import type { Edit } from '../../edit/edit';
import { setAttributeValue } from '../../edit/markup';
import type { XmlElement } from '../../xml/tree';
import type { PackageModel, PrecedenceConstraint } from '../package';
import { designTimeLayout, formatPair, parsePair, shift, type DesignTimeLayout } from './design-time-layout';

/**
 * After a rewrite, the 2012+ designer layout as a person would tidy it: a shape that grew (a new
 * wrapper where its loop was, a container around it that had to grow) pushes the shapes below it
 * down and those beside it right, by as much as it grew, so relative order and gaps stay; a
 * container whose content no longer fits grows by what it lacks, and so on up to the package; an
 * arrow whose shapes moved differently, or whose constraint now ends elsewhere, is drawn again as
 * the designer draws one (a straight line where the shapes face each other, else an elbow).
 * Everything else keeps its bytes. Geometry follows the files: a shape's TopLeft is relative to
 * its container's panel, an arrow's TopLeft is its start and its points are relative to that.
 */
export function settleDesignTimeLayout(before: PackageModel, after: PackageModel): Edit[] {
  const beforeLayout = designTimeLayout(before.doc);
  const afterLayout = designTimeLayout(after.doc);
  if (!beforeLayout || !afterLayout) return [];
  const old = readShapes(beforeLayout);
  const now = readShapes(afterLayout);
  const identity = identityMap(before, after);

  const working = new Map<Shape, Rect>([...now.shapes.values()].map((s) => [s, { ...s.rect }]));
  const panels = new Map<string, Shape[]>();
  for (const shape of now.shapes.values()) panels.set(shape.panel, [...(panels.get(shape.panel) ?? []), shape]);
  const beforeOf = (shape: Shape): Shape | undefined => old.shapes.get(identity.executables.get(shape.id) ?? shape.id);

  /** Where a shape was in its panel before the rewrite, when it was in the same panel: a new one stands where what it holds stood. */
  const oldRect = (shape: Shape): Rect | undefined => {
    const panelWas = identity.executables.get(shape.panel) ?? shape.panel;
    const was = beforeOf(shape);
    if (was) return was.panel === panelWas ? was.rect : undefined;
    const held = (panels.get(shape.id) ?? []).map(beforeOf).filter((s): s is Shape => s?.panel === panelWas);
    return held.length > 0 ? union(held.map((s) => s.rect)) : undefined;
  };

  // Innermost panels first: a container's growth is known before its own panel is settled.
  const order = [...panels.keys()].sort((a, b) => depth(b) - depth(a));
  for (const panel of order) {
    const children = panels.get(panel)!;
    const original = new Map(children.map((c) => [c, oldRect(c)]));
    const was = new Map(original);
    const grown = children
      .filter((c) => {
        const rect = was.get(c);
        return rect && (working.get(c)!.w > rect.w + EPSILON || working.get(c)!.h > rect.h + EPSILON);
      })
      .sort((a, b) => was.get(a)!.y - was.get(b)!.y || was.get(a)!.x - was.get(b)!.x);
    for (const shape of grown) {
      const from = was.get(shape)!;
      const rect = working.get(shape)!;
      const [dw, dh] = [Math.max(0, rect.w - from.w), Math.max(0, rect.h - from.h)];
      for (const other of children) {
        if (other === shape) continue;
        const moved = working.get(other)!;
        const otherWas = was.get(other);
        // Beside first: a shape to the right (below or not) keeps its row or column with its neighbours.
        if (moved.x >= from.x + from.w - EPSILON) {
          moved.x += dw;
          if (otherWas) was.set(other, { ...otherWas, x: otherWas.x + dw });
        } else if (moved.y >= from.y + from.h - EPSILON) {
          moved.y += dh;
          if (otherWas) was.set(other, { ...otherWas, y: otherWas.y + dh });
        }
      }
    }
    const container = now.shapes.get(panel);
    const containerRect = container && working.get(container);
    if (!containerRect?.panel) continue;
    const content = union(children.map((c) => working.get(c)!));
    const previous = union(children.map((c) => original.get(c) ?? c.rect));
    const grow = (size: number, reached: number, had: number) => {
      const margin = Math.max(0, Math.min(size - had, MAX_KEPT_MARGIN));
      return reached + margin > size + EPSILON ? reached + margin - size : 0;
    };
    const dw = grow(containerRect.panel.w, content.x + content.w, previous.x + previous.w);
    const dh = grow(containerRect.panel.h, content.y + content.h, previous.y + previous.h);
    if (dw > 0 || dh > 0) {
      containerRect.panel = { w: containerRect.panel.w + dw, h: containerRect.panel.h + dh };
      containerRect.w += dw;
      containerRect.h += dh;
    }
  }

  const edits: Edit[] = [];
  for (const [shape, rect] of working) {
    const { element } = shape;
    const set = (name: string, value: [number, number], was: [number, number]) => {
      const attribute = element.attribute('', name);
      if (attribute && (Math.abs(value[0] - was[0]) > EPSILON || Math.abs(value[1] - was[1]) > EPSILON)) edits.push(setAttributeValue(afterLayout.doc, attribute, formatPair(value)));
    };
    set('TopLeft', [rect.x, rect.y], [shape.rect.x, shape.rect.y]);
    set('Size', [rect.w, rect.h], [shape.rect.w, shape.rect.h]);
    if (rect.panel && shape.rect.panel) set('PanelSize', [rect.panel.w, rect.panel.h], [shape.rect.panel.w, shape.rect.panel.h]);
  }

  const finalRect = (path: string | undefined) => {
    const shape = path === undefined ? undefined : now.shapes.get(path);
    return shape && working.get(shape);
  };
  for (const edge of now.edges) {
    const constraint = identity.constraints.get(edge.id);
    if (!constraint?.from || !constraint.to) continue;
    const from = finalRect(constraint.from.path);
    const to = finalRect(constraint.to.path);
    if (!from || !to) continue;
    const counterpart = identity.beforeConstraint.get(constraint);
    const fromWas = counterpart?.from && old.shapes.get(counterpart.from.path)?.rect;
    const toWas = counterpart?.to && old.shapes.get(counterpart.to.path)?.rect;
    const sameEnds = counterpart && identity.executables.get(constraint.from.path) === counterpart.from?.path && identity.executables.get(constraint.to.path) === counterpart.to?.path;
    if (sameEnds && fromWas && toWas && sameSize(from, fromWas) && sameSize(to, toWas)) {
      const [dx, dy] = [from.x - fromWas.x, from.y - fromWas.y];
      if (Math.abs(to.x - toWas.x - dx) <= EPSILON && Math.abs(to.y - toWas.y - dy) <= EPSILON) {
        // The arrow kept its place relative to its shapes: it moves with them, drawn as it was.
        const topLeft = edge.element.attribute('', 'TopLeft');
        const start = parsePair(topLeft?.value);
        if (topLeft && start && (Math.abs(dx) > EPSILON || Math.abs(dy) > EPSILON)) edits.push(setAttributeValue(afterLayout.doc, topLeft, formatPair([start[0] + dx, start[1] + dy])));
        continue;
      }
    }
    edits.push(...redrawEdge(afterLayout, edge.element, route(from, to)));
  }
  return edits.map((edit) => shift(edit, afterLayout.base));
}

interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
  panel?: { w: number; h: number };
}

interface Shape {
  readonly element: XmlElement;
  /** The executable's path, or for an annotation its panel and place among them. */
  readonly id: string;
  /** The path of the container whose panel holds it. */
  readonly panel: string;
  readonly rect: Rect;
}

const EPSILON = 0.01;
/**
 * The most free space kept between content and a container's edge when the container has to grow:
 * the least the designer leaves below a container's content in the corpus (154 containers).
 */
const MAX_KEPT_MARGIN = 22;
const LAYOUT_KINDS = new Set(['NodeLayout', 'ContainerLayout', 'AnnotationLayout']);

/** Shapes and arrows of the control-flow and event-handler canvases (data flows are the data flow's). */
function readShapes(layout: DesignTimeLayout): { shapes: Map<string, Shape>; edges: { id: string; element: XmlElement }[] } {
  const shapes = new Map<string, Shape>();
  const edges: { id: string; element: XmlElement }[] = [];
  for (const owner of layout.doc.root.children) {
    if (owner.local !== 'Package' && owner.local !== 'DtsEventHandler') continue;
    for (const graph of owner.element('', 'LayoutInfo')?.children ?? []) {
      if (graph.local !== 'GraphLayout') continue;
      const annotations = new Map<string, number>();
      for (const element of graph.children) {
        if (element.local === 'EdgeLayout') {
          const id = element.attribute('', 'Id')?.value;
          if (id) edges.push({ id, element });
          continue;
        }
        if (!LAYOUT_KINDS.has(element.local)) continue;
        const topLeft = parsePair(element.attribute('', 'TopLeft')?.value);
        const size = parsePair(element.attribute('', 'Size')?.value);
        const panelSize = parsePair(element.attribute('', 'PanelSize')?.value);
        if (!topLeft || !size) continue;
        let id: string | undefined;
        let panel: string;
        if (element.local === 'AnnotationLayout') {
          panel = element.attribute('', 'ParentId')?.value ?? '';
          const n = (annotations.get(panel) ?? 0) + 1;
          annotations.set(panel, n);
          id = `${panel}#annotation${n}`;
        } else {
          id = element.attribute('', 'Id')?.value;
          if (!id) continue;
          panel = id.slice(0, Math.max(0, id.lastIndexOf('\\')));
        }
        shapes.set(id, { element, id, panel, rect: { x: topLeft[0], y: topLeft[1], w: size[0], h: size[1], ...(panelSize ? { panel: { w: panelSize[0], h: panelSize[1] } } : {}) } });
      }
    }
  }
  return { shapes, edges };
}

/** What each path of the rewritten package was called before, by DTSID; and each constraint's counterpart. */
function identityMap(before: PackageModel, after: PackageModel) {
  const byDtsid = new Map(before.executables.filter((e) => e.dtsid).map((e) => [e.dtsid!, e]));
  const executables = new Map<string, string>();
  for (const executable of after.executables) {
    const was = (executable.dtsid && byDtsid.get(executable.dtsid)) || undefined;
    if (was) executables.set(executable.path, was.path);
  }
  const dtsidOf = (pkg: PackageModel, c: PrecedenceConstraint) => pkg.dialect.property(c.element, 'DTSID');
  const beforeByDtsid = new Map(before.constraints.map((c) => [dtsidOf(before, c), c]));
  // The layout names a constraint by its refId, which can differ from its ObjectName (the corpus has one that does).
  const constraints = new Map(after.constraints.map((c) => [after.dialect.declaredPath(c.element) ?? c.path, c]));
  const beforeConstraint = new Map<PrecedenceConstraint, PrecedenceConstraint>();
  for (const c of after.constraints) {
    const was = beforeByDtsid.get(dtsidOf(after, c));
    if (was) beforeConstraint.set(c, was);
  }
  return { executables, constraints, beforeConstraint };
}

function depth(path: string): number {
  return path.split('\\').length;
}

function union(rects: readonly Rect[]): Rect {
  const x = Math.min(...rects.map((r) => r.x));
  const y = Math.min(...rects.map((r) => r.y));
  return { x, y, w: Math.max(...rects.map((r) => r.x + r.w)) - x, h: Math.max(...rects.map((r) => r.y + r.h)) - y };
}

function sameSize(a: Rect, b: Rect): boolean {
  return Math.abs(a.w - b.w) <= EPSILON && Math.abs(a.h - b.h) <= EPSILON;
}

/** An arrow as the designer stores it: its start (TopLeft), then points relative to it. */
export interface Route {
  readonly start: [number, number];
  /** Where the arrow head touches the target shape. */
  readonly endConnector: [number, number];
  /** Where the line ends, an arrow head's length before the connector. */
  readonly end: [number, number];
  readonly segments: readonly ({ kind: 'line'; end: [number, number] } | { kind: 'bezier'; points: [[number, number], [number, number], [number, number]] })[];
}

const ARROW_HEAD = 7.5;
const CORNER = 4;

/**
 * The designer's connector between two shapes of one panel: from the side of `from` that faces
 * `to` to the facing side of `to`; straight where the two overlap across that direction, else an
 * elbow with two rounded corners halfway (the shape of the designer's own arrows in the corpus).
 */
export function route(from: Rect, to: Rect): Route {
  const vertical = to.y >= from.y + from.h || to.y + to.h <= from.y || !(to.x >= from.x + from.w || to.x + to.w <= from.x);
  // Work in a frame where the arrow runs down (+v) and across is u; map back at the end.
  const down = vertical ? to.y + to.h / 2 >= from.y + from.h / 2 : to.x + to.w / 2 >= from.x + from.w / 2;
  const frame = (r: Rect) => (vertical ? { u: r.x, v: r.y, uw: r.w, vh: r.h } : { u: r.y, v: r.x, uw: r.h, vh: r.w });
  const f = frame(from);
  const t = frame(to);
  const low = Math.max(f.u, t.u);
  const high = Math.min(f.u + f.uw, t.u + t.uw);
  const fromCentre = f.u + f.uw / 2;
  const toCentre = t.u + t.uw / 2;
  let startU = fromCentre;
  let endU = toCentre;
  if (high - low >= 1) {
    const across = fromCentre >= low && fromCentre <= high ? fromCentre : toCentre >= low && toCentre <= high ? toCentre : (low + high) / 2;
    startU = endU = across;
  }
  const startV = down ? f.v + f.vh : f.v;
  const endV = down ? t.v : t.v + t.vh;
  const sign = down ? 1 : -1;
  const du = endU - startU;
  const dv = endV - startV;
  const lineEnd = dv - sign * ARROW_HEAD;
  const segments: Route['segments'][number][] = [];
  if (Math.abs(du) < 2 * CORNER) {
    segments.push({ kind: 'line', end: [du, lineEnd] });
  } else {
    const mid = (lineEnd - sign * 0.5) / 2;
    const turn = Math.sign(du);
    segments.push(
      { kind: 'line', end: [0, mid] },
      { kind: 'bezier', points: [[0, mid], [0, mid + sign * CORNER], [turn * CORNER, mid + sign * CORNER]] },
      { kind: 'line', end: [du - turn * CORNER, mid + sign * CORNER] },
      { kind: 'bezier', points: [[du - turn * CORNER, mid + sign * CORNER], [du, mid + sign * CORNER], [du, mid + sign * 2 * CORNER]] },
      { kind: 'line', end: [du, lineEnd] },
    );
  }
  const map = ([u, v]: [number, number]): [number, number] => (vertical ? [u, v] : [v, u]);
  return {
    start: map([startU, startV]),
    endConnector: map([du, dv]),
    end: map([du, lineEnd]),
    segments: segments.map((s) => (s.kind === 'line' ? { kind: 'line', end: map(s.end) } : { kind: 'bezier', points: [map(s.points[0]), map(s.points[1]), map(s.points[2])] })),
  };
}

/** Rewrites an EdgeLayout's start and curve, in the markup the designer writes (two-space steps, the file's line breaks). */
function redrawEdge(layout: DesignTimeLayout, edge: XmlElement, drawn: Route): Edit[] {
  const topLeft = edge.attribute('', 'TopLeft');
  const curve = edge.children.find((c) => c.local === 'EdgeLayout.Curve')?.children.find((c) => c.local === 'Curve');
  if (!topLeft || !curve) return [];
  const { text } = layout.doc;
  const lineStart = text.lastIndexOf('\n', curve.start) + 1;
  const indent = /^[ \t]*/.exec(text.slice(lineStart, curve.start))![0];
  const newline = text[lineStart - 2] === '\r' ? '\r\n' : '\n';
  const prefix = curve.name.slice(0, curve.name.length - curve.local.length);
  const startConnector = curve.attribute('', 'StartConnector')?.value ?? '{x:Null}';
  const at = (level: number) => newline + indent + '  '.repeat(level);
  const point = (p: [number, number]) => formatPair(p);
  const segments = drawn.segments.map((s) =>
    s.kind === 'line'
      ? `${at(3)}<${prefix}LineSegment${at(4)}End="${point(s.end)}" />`
      : `${at(3)}<${prefix}CubicBezierSegment${at(4)}Point1="${point(s.points[0])}"${at(4)}Point2="${point(s.points[1])}"${at(4)}Point3="${point(s.points[2])}" />`,
  );
  const markup =
    `<${curve.name}${at(1)}StartConnector="${startConnector}"${at(1)}EndConnector="${point(drawn.endConnector)}"${at(1)}Start="0,0"${at(1)}End="${point(drawn.end)}">` +
    `${at(1)}<${prefix}Curve.Segments>${at(2)}<${prefix}SegmentCollection${at(3)}Capacity="5">${segments.join('')}${at(2)}</${prefix}SegmentCollection>${at(1)}</${prefix}Curve.Segments>${at(0)}</${curve.name}>`;
  return [setAttributeValue(layout.doc, topLeft, point(drawn.start)), { start: curve.start, end: curve.end, text: markup }];
}
