import { graphlib, layout as dagreLayout } from '@dagrejs/dagre';
import type { Executable, PackageModel, PrecedenceConstraint } from '../package';
import { walkElements, type XmlElement } from '../../xml/tree';
import { designTimeLayout, parsePair } from './design-time-layout';
import { controlFlowDiagrams, logicalObject } from './designer-diagram';

/**
 * The control flow as the designer draws it, in absolute pixels: one box per executable (a
 * container's children inside it, below its header) and one polyline per precedence constraint.
 * Read from the package's own layout (the 2012+ layout, else the 2005/2008 designer diagram)
 * when it draws every executable; otherwise laid out by dagre, nesting kept.
 */
export interface Drawing {
  readonly source: 'layout' | 'diagram' | 'automatic';
  readonly boxes: readonly Box[];
  readonly arrows: readonly Arrow[];
}

export interface Box {
  readonly executable: Executable;
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
  /** Height of a container's title band. */
  readonly header: number;
}

export interface Arrow {
  readonly constraint: PrecedenceConstraint;
  readonly points: readonly [number, number][];
}

export function controlFlowDrawing(pkg: PackageModel): Drawing {
  const whole = (drawing: Drawing | undefined) => (drawing && drawing.boxes.length === controlFlow(pkg).length ? drawing : undefined);
  // A layout that leaves executables out is one the designer would redo, so it is laid out afresh too.
  return whole(fromLayout(pkg)) ?? whole(fromDiagram(pkg)) ?? automatic(pkg);
}

/** The control flow's executables: the package's, not its event handlers'. */
function controlFlow(pkg: PackageModel): Executable[] {
  const result: Executable[] = [];
  const pending = [...pkg.root.children].reverse();
  while (pending.length > 0) {
    const executable = pending.pop()!;
    result.push(executable);
    for (let i = executable.children.length - 1; i >= 0; i--) pending.push(executable.children[i]);
  }
  return result;
}

function constraintsOf(pkg: PackageModel): Map<string, PrecedenceConstraint> {
  return new Map(pkg.constraints.map((c) => [pkg.dialect.declaredPath(c.element) ?? c.path, c]));
}

function fromLayout(pkg: PackageModel): Drawing | undefined {
  const layout = designTimeLayout(pkg.doc);
  const graph = layout?.doc.root.children.find((c) => c.local === 'Package')?.element('', 'LayoutInfo')?.children.find((c) => c.local === 'GraphLayout');
  if (!graph) return undefined;
  const executables = new Map(controlFlow(pkg).map((e) => [e.path, e]));
  const local = new Map<string, { x: number; y: number; w: number; h: number; header: number }>();
  for (const element of graph.children) {
    if (element.local !== 'NodeLayout' && element.local !== 'ContainerLayout') continue;
    const id = element.attribute('', 'Id')?.value;
    const topLeft = parsePair(element.attribute('', 'TopLeft')?.value);
    const size = parsePair(element.attribute('', 'Size')?.value);
    if (!id || !topLeft || !size) continue;
    local.set(id, { x: topLeft[0], y: topLeft[1], w: size[0], h: size[1], header: Number(element.attribute('', 'HeaderHeight')?.value ?? 0) || 0 });
  }
  const origin = new Map<string, [number, number]>([['Package', [0, 0]]]);
  const originOf = (path: string): [number, number] | undefined => {
    const known = origin.get(path);
    if (known) return known;
    const own = local.get(path);
    const parent = own && originOf(path.slice(0, path.lastIndexOf('\\')));
    if (!own || !parent) return undefined;
    const at: [number, number] = [parent[0] + own.x, parent[1] + own.y + own.header];
    origin.set(path, at);
    return at;
  };
  const boxes: Box[] = [];
  for (const [path, shape] of local) {
    const executable = executables.get(path);
    const parent = originOf(path.slice(0, path.lastIndexOf('\\')));
    if (executable && parent) boxes.push({ executable, x: parent[0] + shape.x, y: parent[1] + shape.y, w: shape.w, h: shape.h, header: shape.header });
  }
  if (boxes.length === 0) return undefined;
  const constraints = constraintsOf(pkg);
  const arrows: Arrow[] = [];
  for (const element of graph.children) {
    if (element.local !== 'EdgeLayout') continue;
    const constraint = constraints.get(element.attribute('', 'Id')?.value ?? '');
    const start = parsePair(element.attribute('', 'TopLeft')?.value);
    const curve = element.children.find((c) => c.local === 'EdgeLayout.Curve')?.children.find((c) => c.local === 'Curve');
    const panel = constraint && originOf(constraint.owner.path);
    if (!constraint || !start || !curve || !panel) continue;
    const at = (p: [number, number] | undefined): [number, number] | undefined => p && [panel[0] + start[0] + p[0], panel[1] + start[1] + p[1]];
    const points: [number, number][] = [at([0, 0])!];
    walkElements(curve, (segment) => {
      if (segment.local === 'LineSegment') points.push(at(parsePair(segment.attribute('', 'End')?.value))!);
      if (segment.local === 'CubicBezierSegment') points.push(at(parsePair(segment.attribute('', 'Point3')?.value))!);
    });
    const end = at(parsePair(curve.attribute('', 'EndConnector')?.value));
    if (end) points.push(end);
    arrows.push({ constraint, points: points.filter((p) => p !== undefined) });
  }
  return { source: 'layout', boxes, arrows };
}

/** HIMETRIC (hundredths of a millimetre) per pixel at 96 dpi. */
const HIMETRIC = 26.4583;

function fromDiagram(pkg: PackageModel): Drawing | undefined {
  const dds = controlFlowDiagrams(pkg.doc)[0]?.dds;
  if (!dds) return undefined;
  const byDtsid = new Map(controlFlow(pkg).filter((e) => e.dtsid).map((e) => [e.dtsid!, e]));
  const byPath = new Map(controlFlow(pkg).map((e) => [e.path, e]));
  const constraints = constraintsOf(pkg);
  const constraintByDtsid = new Map(pkg.constraints.map((c) => [pkg.dialect.property(c.element, 'DTSID') ?? '', c]));
  const rect = (control: XmlElement) => ['left', 'top', 'width', 'height'].map((n) => Number(control.attribute('', n)?.value) / HIMETRIC);
  const boxes: Box[] = [];
  const arrows: Arrow[] = [];
  for (const control of dds.children) {
    if (control.local !== 'ddscontrol') continue;
    const object = logicalObject(control) ?? '';
    const connector = control.children.find((c) => c.local === 'connector');
    if (connector) {
      const constraint = object.startsWith('{') ? constraintByDtsid.get(object) : constraints.get(object);
      const points = connector.children.filter((p) => p.local === 'point').map((p) => [Number(p.attribute('', 'x')?.value) / HIMETRIC, Number(p.attribute('', 'y')?.value) / HIMETRIC] as [number, number]);
      if (constraint && points.length > 1) arrows.push({ constraint, points });
      continue;
    }
    const executable = object.startsWith('{') ? byDtsid.get(object) : byPath.get(object);
    const [x, y, w, h] = rect(control);
    if (executable && [x, y, w, h].every(Number.isFinite)) boxes.push({ executable, x, y, w, h, header: /Container/.test(control.attribute('', 'controlprogid')?.value ?? '') ? 1164 / HIMETRIC : 0 });
  }
  if (boxes.length === 0) return undefined;
  // The diagram's origin is anywhere (often negative): move it to the picture's corner.
  const [dx, dy] = [20 - Math.min(...boxes.map((b) => b.x)), 20 - Math.min(...boxes.map((b) => b.y))];
  return {
    source: 'diagram',
    boxes: boxes.map((b) => ({ ...b, x: b.x + dx, y: b.y + dy })),
    arrows: arrows.map((a) => ({ ...a, points: a.points.map(([x, y]) => [x + dx, y + dy] as [number, number]) })),
  };
}

const TASK = { w: 180, h: 42 };
const HEADER = 30;
const PADDING = 20;

/**
 * A package without a drawing of its own: dagre lays out each container's children (constraints
 * only join siblings, so each container is one flat graph), innermost first so every container
 * knows its size, top to bottom; then the placements are composed into absolute positions.
 */
function automatic(pkg: PackageModel): Drawing {
  const sizes = new Map<Executable, { w: number; h: number }>();
  const placed = new Map<Executable, { x: number; y: number }>();
  const routes = new Map<PrecedenceConstraint, [number, number][]>();
  const containers = controlFlow(pkg).filter((e) => e.children.length > 0).reverse();
  for (const container of [...containers, pkg.root]) {
    const graph = new graphlib.Graph({ multigraph: true });
    graph.setGraph({ rankdir: 'TB', nodesep: 30, ranksep: 40, marginx: PADDING, marginy: PADDING });
    graph.setDefaultEdgeLabel(() => ({}));
    for (const child of container.children) graph.setNode(child.path, { width: (sizes.get(child) ?? TASK).w, height: (sizes.get(child) ?? TASK).h });
    const edges = container.constraints.filter((c) => c.from?.parent === container && c.to?.parent === container);
    for (const [i, constraint] of edges.entries()) graph.setEdge(constraint.from!.path, constraint.to!.path, {}, String(i));
    dagreLayout(graph);
    for (const child of container.children) {
      const node = graph.node(child.path);
      placed.set(child, { x: node.x - node.width / 2, y: node.y - node.height / 2 });
    }
    for (const [i, constraint] of edges.entries()) {
      routes.set(constraint, (graph.edge({ v: constraint.from!.path, w: constraint.to!.path, name: String(i) }).points ?? []).map((p: { x: number; y: number }) => [p.x, p.y] as [number, number]));
    }
    const label = graph.graph();
    if (container !== pkg.root) sizes.set(container, { w: Math.max(TASK.w, label.width ?? 0), h: (label.height ?? 0) + HEADER });
  }
  const origin = new Map<Executable, [number, number]>([[pkg.root, [0, 0]]]);
  const boxes: Box[] = [];
  for (const executable of controlFlow(pkg)) {
    const [px, py] = origin.get(executable.parent!)!;
    const at = placed.get(executable)!;
    const size = sizes.get(executable) ?? TASK;
    const container = executable.children.length > 0;
    boxes.push({ executable, x: px + at.x, y: py + at.y, w: size.w, h: size.h, header: container ? HEADER : 0 });
    if (container) origin.set(executable, [px + at.x, py + at.y + HEADER]);
  }
  const arrows = [...routes].map(([constraint, points]) => {
    const [px, py] = origin.get(constraint.owner) ?? [0, 0];
    return { constraint, points: points.map(([x, y]) => [x + px, y + py] as [number, number]) };
  });
  return { source: 'automatic', boxes, arrows };
}
