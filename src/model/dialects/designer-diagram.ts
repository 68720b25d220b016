import { applyEdits, type Edit } from '../../edit/edit';
import { replaceManyInText, separatorBefore } from '../../edit/markup';
import { parseXml } from '../../xml/parse';
import { findElement, walkElements, type XmlDocument, type XmlElement } from '../../xml/tree';
import { DTS } from '../names';
import type { Executable, PackageModel } from '../package';
import { isAtOrBelow } from '../paths';

/**
 * The SSIS 2005/2008 designer's control-flow diagram (`dts-designer-1.0`), which 2012 packages
 * upgraded from 2008 keep as `package-diagram`: an escaped XML document in a package variable's
 * value, a Visual Database Tools `dds` diagram whose `ddscontrol`s are shapes (absolute HIMETRIC
 * coordinates, nested by `masterid`) and connectors (`MSDDS.Polyline` with a `connector` of
 * points between `sourceid` and `destid`). Shapes name their executable by `LogicalObject`: a
 * DTSID, or in the upgraded ones a package path.
 *
 * After a rewrite it is brought up to date as the 2012+ layout is (./layout-settle.ts): a new
 * wrapper gets a container shape where what it holds was, that moves inside it, connectors of the
 * re-pointed constraints attach to the wrapper, shapes below and beside move aside, containers
 * grow, connectors whose shapes moved are drawn again, and path `LogicalObject`s follow the move.
 * Shapes, margins and connector boxes follow the corpus's designer-saved diagrams (127 of them).
 */
export function settleDesignerDiagrams(before: PackageModel, after: PackageModel): Edit[] {
  const edits: Edit[] = [];
  for (const { value, diagram, dds } of controlFlowDiagrams(after.doc)) {
    for (const edit of replaceManyInText(after.doc, value, settleDiagram(diagram, dds, before, after))) edits.push(edit);
  }
  return edits;
}

/** What a removal takes away: an executable or constraint, by package path and DTSID. */
export interface RemovedObject {
  readonly path: string;
  readonly dtsid: string | undefined;
}

/**
 * Takes the shapes of removed executables out of the control-flow diagrams (they name them by
 * DTSID, or by package path when upgraded to 2012), with the shapes drawn inside them and every
 * connector that starts or ends at one of them or draws a removed constraint.
 */
export function removeFromDiagrams(doc: XmlDocument, removed: readonly RemovedObject[]): Edit[] {
  const edits: Edit[] = [];
  const dtsids = new Set(removed.flatMap((r) => (r.dtsid ? [r.dtsid.toUpperCase()] : [])));
  const names = (object: string | undefined) => object !== undefined && (dtsids.has(object.toUpperCase()) || removed.some((r) => isAtOrBelow(object, r.path)));
  for (const { value, diagram, dds } of controlFlowDiagrams(doc)) {
    const controls = dds.children.filter((c) => c.local === 'ddscontrol');
    const gone = new Set<string>();
    // Shapes of removed objects, then (until nothing is added) what sits inside a removed shape.
    for (let grew = true; grew; ) {
      grew = false;
      for (const control of controls) {
        const id = control.attribute('', 'controlid')?.value;
        if (!id || gone.has(id)) continue;
        const connector = control.children.find((c) => c.local === 'connector');
        const inside = gone.has(control.attribute('', 'masterid')?.value ?? '');
        const endsGone = connector !== undefined && (gone.has(connector.attribute('', 'sourceid')?.value ?? '') || gone.has(connector.attribute('', 'destid')?.value ?? ''));
        if (names(logicalObject(control)) || inside || endsGone) {
          gone.add(id);
          grew = true;
        }
      }
    }
    const removals = controls
      .filter((control) => gone.has(control.attribute('', 'controlid')?.value ?? ''))
      .map((control) => ({ start: control.start - separatorBefore(diagram, control).length, end: control.end, text: '' }));
    for (const edit of replaceManyInText(doc, value, removals)) edits.push(edit);
  }
  return edits;
}

export interface ControlFlowDiagram {
  /** The package variable's value element, whose text is the diagram. */
  readonly value: XmlElement;
  /** The diagram parsed on its own: offsets are in the value's decoded text. */
  readonly diagram: XmlDocument;
  /** Its `dds` element: the shapes and connectors. */
  readonly dds: XmlElement;
}

/** The package's control-flow diagrams, each parsed; a value that does not parse is not ours to read or repair. */
export function controlFlowDiagrams(doc: XmlDocument): ControlFlowDiagram[] {
  const found: ControlFlowDiagram[] = [];
  walkElements(doc.root, (element) => {
    if (element.uri !== DTS || element.local !== 'PackageVariable') return true;
    // The value is a property element in both dialects.
    const value = element.elements(DTS, 'Property').find((p) => p.attribute(DTS, 'Name')?.value === 'PackageVariableValue');
    const text = value?.text;
    if (!value || !text?.includes('DtsControlFlowDiagram')) return false;
    try {
      const diagram = parseXml(text, `${doc.fileName} (designer diagram)`);
      const dds = findElement(diagram.root, (e) => e.local === 'dds');
      if (dds) found.push({ value, diagram, dds });
    } catch {
      // left as it is
    }
    return false;
  });
  return found;
}

/** What a shape or connector draws: a DTSID, or in diagrams upgraded to 2012 a package path. */
export function logicalObject(control: XmlElement): string | undefined {
  return property(control, 'LogicalObject')?.attribute('', 'value')?.value;
}

interface Shape {
  readonly element: XmlElement;
  readonly id: string;
  master: string;
  rect: Rect;
  readonly container: boolean;
  readonly logicalObject: string | undefined;
}

interface Connector {
  readonly element: XmlElement;
  readonly connector: XmlElement;
  source: string;
  dest: string;
  master: string;
}

interface Rect {
  l: number;
  t: number;
  w: number;
  h: number;
}

/** The designer's 2012+ margins (5.5 px around, 55.5 below, see design-time-layout.ts) in HIMETRIC (26.4583 per pixel). */
const MARGIN = 146;
const BOTTOM_MARGIN = 1468;
/** The most free space kept when a container grows: 22 px, as in the 2012+ layout. */
const MAX_KEPT_MARGIN = 582;
/** A connector's box reaches this far past its points: left and top, right, bottom (214 of the corpus's 241 connectors). */
const BOX = { before: 399, after: 400, below: 500 };

function settleDiagram(diagram: XmlDocument, dds: XmlElement, before: PackageModel, after: PackageModel): Edit[] {
  const head = dds.children.find((c) => c.local === 'diagram');
  if (!head) return [];
  const shapes = new Map<string, Shape>();
  const connectors: Connector[] = [];
  for (const control of dds.children) {
    if (control.local !== 'ddscontrol') continue;
    const id = control.attribute('', 'controlid')?.value;
    if (!id) continue;
    const connector = control.children.find((c) => c.local === 'connector');
    const master = control.attribute('', 'masterid')?.value ?? '0';
    if (connector) {
      connectors.push({ element: control, connector, source: connector.attribute('', 'sourceid')?.value ?? '', dest: connector.attribute('', 'destid')?.value ?? '', master });
      continue;
    }
    const rect = readRect(control);
    if (!rect) continue;
    shapes.set(id, { element: control, id, master, rect, container: /Container/.test(control.attribute('', 'controlprogid')?.value ?? ''), logicalObject: logicalObject(control) });
  }
  const originalRects = new Map([...shapes.values()].map((s) => [s, { ...s.rect }]));
  const originalMasters = new Map([...shapes.values()].map((s) => [s, s.master]));

  // Which executable each shape draws, and what became of each path.
  const beforeByDtsid = new Map(before.executables.filter((e) => e.dtsid).map((e) => [e.dtsid!, e]));
  const beforeByPath = new Map(before.executables.map((e) => [e.path, e]));
  const afterByDtsid = new Map(after.executables.filter((e) => e.dtsid).map((e) => [e.dtsid!, e]));
  const executableOf = (shape: Shape): Executable | undefined => {
    const object = shape.logicalObject;
    if (!object) return undefined;
    const was = object.startsWith('{') ? beforeByDtsid.get(object) : beforeByPath.get(object);
    return was?.dtsid ? afterByDtsid.get(was.dtsid) : undefined;
  };
  const shapeOf = new Map<Executable, Shape>();
  for (const shape of shapes.values()) {
    const executable = executableOf(shape);
    if (executable) shapeOf.set(executable, shape);
  }

  const edits: Edit[] = [];
  const inserted: { at: number; template: XmlElement; shape: Shape; logicalId: string; name: string }[] = [];
  const retargeted = new Set<Connector>();
  let nextControl = Math.max(0, ...[...shapes.keys(), ...connectors.map((c) => c.element.attribute('', 'controlid')?.value ?? '0')].map(Number)) + 1;
  const logicalIds = dds.children.filter((c) => c.local === 'ddscontrol').map((c) => Number(c.attribute('', 'logicalid')?.value ?? 0));
  let nextObject = Math.max(Number(head.attribute('', 'nextobject')?.value ?? 0), ...logicalIds.map((n) => n + 1));
  const grown = new Map<Shape, Rect>();

  // A new container (a wrapper) whose executables all have shapes in one place gets a shape around them.
  for (const executable of after.executables) {
    if (executable.kind !== 'sequence' || !executable.dtsid || beforeByDtsid.has(executable.dtsid) || shapeOf.has(executable)) continue;
    const held = executable.children.map((c) => shapeOf.get(c));
    if (held.length === 0 || held.some((s) => !s || s.master !== held[0]!.master)) continue;
    const template = held.find((s) => s!.container);
    if (!template) continue;
    const inside = held as Shape[];
    const around = union(inside.map((s) => s.rect));
    const caption = Number(property(template.element, 'CaptionHeight')?.attribute('', 'value')?.value ?? 1164) || 1164;
    const rect = { l: around.l, t: around.t, w: around.w + 2 * MARGIN, h: around.h + caption + MARGIN + BOTTOM_MARGIN };
    const id = String(nextControl++);
    const logicalId = String(nextObject++);
    const object = template.logicalObject?.startsWith('{') ? executable.dtsid : executable.path;
    const wrapper: Shape = { element: template.element, id, master: inside[0].master, rect, container: true, logicalObject: object };
    for (const shape of inside) {
      moveWithContents(shape, MARGIN, caption + MARGIN);
      shape.master = id;
    }
    shapes.set(id, wrapper);
    shapeOf.set(executable, wrapper);
    grown.set(wrapper, around);
    inserted.push({ at: template.element.start, template: template.element, shape: wrapper, logicalId, name: executable.name });
    // Connectors of constraints that now end at the wrapper attach to it.
    const heldIds = new Set(inside.map((s) => s.id));
    for (const connector of connectors) {
      const outside = (id: string) => !heldIds.has(id) && !isInside(id, heldIds);
      if (heldIds.has(connector.source) && outside(connector.dest)) {
        connector.source = id;
        retargeted.add(connector);
      }
      if (heldIds.has(connector.dest) && outside(connector.source)) {
        connector.dest = id;
        retargeted.add(connector);
      }
    }
  }
  if (inserted.length === 0 && !hasMovedPaths()) return [];

  function isInside(id: string, ancestors: ReadonlySet<string>): boolean {
    for (let shape = shapes.get(id); shape && shape.master !== '0'; shape = shapes.get(shape.master)) if (ancestors.has(shape.master)) return true;
    return false;
  }
  function moveWithContents(shape: Shape, dx: number, dy: number): void {
    shape.rect.l += dx;
    shape.rect.t += dy;
    for (const inner of shapes.values()) if (inner.master === shape.id) moveWithContents(inner, dx, dy);
  }
  function hasMovedPaths(): boolean {
    return [...shapes.values()].some((s) => s.logicalObject && !s.logicalObject.startsWith('{'));
  }

  // Innermost groups first: a container's growth is known before its own group moves aside for it.
  const depthOf = (id: string): number => {
    let depth = 0;
    for (let shape = shapes.get(id); shape && shape.master !== '0'; shape = shapes.get(shape.master)) depth++;
    return depth;
  };
  const masters = [...new Set([...shapes.values()].map((s) => s.master))].sort((a, b) => depthOf(b) - depthOf(a));
  for (const master of masters) {
    const group = [...shapes.values()].filter((s) => s.master === master);
    const was = new Map(group.map((s) => [s, grown.get(s) ?? (originalMasters.get(s) === master ? originalRects.get(s) : undefined)]));
    const original = new Map(was);
    for (const shape of group.filter((s) => was.get(s) && (s.rect.w > was.get(s)!.w || s.rect.h > was.get(s)!.h)).sort((a, b) => was.get(a)!.t - was.get(b)!.t)) {
      const from = was.get(shape)!;
      const [dw, dh] = [Math.max(0, shape.rect.w - from.w), Math.max(0, shape.rect.h - from.h)];
      for (const other of group) {
        if (other === shape) continue;
        const otherWas = was.get(other);
        if (other.rect.l >= from.l + from.w) {
          moveWithContents(other, dw, 0);
          if (otherWas) was.set(other, { ...otherWas, l: otherWas.l + dw });
        } else if (other.rect.t >= from.t + from.h) {
          moveWithContents(other, 0, dh);
          if (otherWas) was.set(other, { ...otherWas, t: otherWas.t + dh });
        }
      }
    }
    const container = shapes.get(master);
    if (!container?.container || group.length === 0) continue;
    const frame = originalRects.get(container) ?? grown.get(container) ?? container.rect;
    // Coordinates are absolute: what the container's own move carried along is not growth.
    const [carriedX, carriedY] = [container.rect.l - frame.l, container.rect.t - frame.t];
    const content = union(group.map((s) => s.rect));
    const previous = union(group.map((s) => original.get(s) ?? s.rect));
    previous.l += carriedX;
    previous.t += carriedY;
    const grow = (edge: number, reached: number, had: number) => {
      const margin = Math.max(0, Math.min(edge - had, MAX_KEPT_MARGIN));
      return reached + margin > edge ? reached + margin - edge : 0;
    };
    const dw = grow(container.rect.l + container.rect.w, content.l + content.w, previous.l + previous.w);
    const dh = grow(container.rect.t + container.rect.h, content.t + content.h, previous.t + previous.h);
    if (dw > 0 || dh > 0) {
      if (!grown.has(container)) grown.set(container, { ...frame });
      container.rect.w += dw;
      container.rect.h += dh;
    }
  }

  for (const shape of shapes.values()) {
    if (!originalRects.has(shape)) continue;
    const was = originalRects.get(shape)!;
    const set = (name: string, value: number, old: number) => {
      const attribute = shape.element.attribute('', name);
      if (attribute && Math.round(value) !== old) edits.push({ start: attribute.valueStart, end: attribute.valueEnd, text: String(Math.round(value)) });
    };
    set('left', shape.rect.l, was.l);
    set('top', shape.rect.t, was.t);
    set('width', shape.rect.w, was.w);
    set('height', shape.rect.h, was.h);
    if (shape.master !== originalMasters.get(shape)) {
      const attribute = shape.element.attribute('', 'masterid');
      if (attribute) edits.push({ start: attribute.valueStart, end: attribute.valueEnd, text: shape.master });
    }
    if (shape.container && (shape.rect.w !== was.w || shape.rect.h !== was.h)) {
      const binary = findElement(shape.element, (e) => e.local === 'ddsxmlobjectstreaminitwrapper')?.attribute('', 'binary');
      if (binary) edits.push({ start: binary.valueStart, end: binary.valueEnd, text: containerBinary(binary.value, shape.rect) });
      const collapsed = property(shape.element, 'CollapsedWidth')?.attribute('', 'value');
      if (collapsed && Number(collapsed.value) === was.w) edits.push({ start: collapsed.valueStart, end: collapsed.valueEnd, text: String(Math.round(shape.rect.w)) });
    }
  }

  for (const connector of connectors) {
    const source = shapes.get(connector.source);
    const dest = shapes.get(connector.dest);
    if (!source || !dest) continue;
    const sourceWas = originalRects.get(source);
    const destWas = originalRects.get(dest);
    const moved = (s: Shape, was: Rect | undefined) => !was || s.rect.l !== was.l || s.rect.t !== was.t || s.rect.w !== was.w || s.rect.h !== was.h;
    if (!retargeted.has(connector) && !moved(source, sourceWas) && !moved(dest, destWas)) continue;
    const points = connector.connector.children.filter((c) => c.local === 'point');
    const same = sourceWas && destWas && !retargeted.has(connector) && source.rect.w === sourceWas.w && source.rect.h === sourceWas.h && dest.rect.w === destWas.w && dest.rect.h === destWas.h;
    const [dx, dy] = same ? [source.rect.l - sourceWas!.l, source.rect.t - sourceWas!.t] : [0, 0];
    if (same && dest.rect.l - destWas!.l === dx && dest.rect.t - destWas!.t === dy) {
      // Both ends moved together: the connector moves with them, drawn as it was.
      for (const point of points) {
        for (const [name, d] of [['x', dx], ['y', dy]] as const) {
          const attribute = point.attribute('', name);
          if (attribute && d !== 0) edits.push({ start: attribute.valueStart, end: attribute.valueEnd, text: String(Number(attribute.value) + d) });
        }
      }
      for (const [name, d] of [['left', dx], ['top', dy]] as const) {
        const attribute = connector.element.attribute('', name);
        if (attribute && d !== 0) edits.push({ start: attribute.valueStart, end: attribute.valueEnd, text: String(Number(attribute.value) + d) });
      }
      continue;
    }
    edits.push(...redrawConnector(diagram, connector, connectorPoints(source.rect, dest.rect), points));
  }

  // Paths named by upgraded diagrams follow every executable that moved.
  const moves = after.executables
    .map((e) => ({ now: e.path, was: e.dtsid ? beforeByDtsid.get(e.dtsid)?.path : undefined }))
    .filter((m): m is { now: string; was: string } => m.was !== undefined && m.was !== m.now)
    .sort((a, b) => b.was.length - a.was.length);
  for (const control of dds.children) {
    const object = property(control, 'LogicalObject')?.attribute('', 'value');
    if (!object || object.value.startsWith('{')) continue;
    const move = moves.find((m) => isAtOrBelow(object.value, m.was));
    if (move) edits.push({ start: object.valueStart, end: object.valueStart + move.was.length, text: move.now });
  }

  if (inserted.length > 0) {
    const next = head.attribute('', 'nextobject');
    if (next) edits.push({ start: next.valueStart, end: next.valueEnd, text: String(nextObject) });
    for (const { at, template, shape, logicalId, name } of inserted) {
      edits.push({ start: at, end: at, text: shapeMarkup(diagram, template, { id: shape.id, logicalId, master: shape.master, rect: shape.rect, name, object: shape.logicalObject ?? '' }) });
    }
  }
  for (const connector of retargeted) {
    for (const [name, value] of [['sourceid', connector.source], ['destid', connector.dest]] as const) {
      const attribute = connector.connector.attribute('', name);
      if (attribute && attribute.value !== value) edits.push({ start: attribute.valueStart, end: attribute.valueEnd, text: value });
    }
  }
  return edits;
}

/**
 * The designer's connector: from the side of the source that faces the target to the facing side
 * of the target; straight where the two overlap across, else with a jog halfway.
 */
export function connectorPoints(source: Rect, dest: Rect): [number, number][] {
  const vertical = dest.t >= source.t + source.h || dest.t + dest.h <= source.t;
  // Work as if it ran down or right (u across, v along); map back at the end.
  const frame = (r: Rect) => (vertical ? { u: r.l, v: r.t, across: r.w, along: r.h } : { u: r.t, v: r.l, across: r.h, along: r.w });
  const from = frame(source);
  const to = frame(dest);
  const forward = to.v >= from.v + from.along;
  const low = Math.max(from.u, to.u);
  const high = Math.min(from.u + from.across, to.u + to.across);
  const fromCentre = Math.round(from.u + from.across / 2);
  const toCentre = Math.round(to.u + to.across / 2);
  const v1 = forward ? from.v + from.along : from.v;
  const v2 = forward ? to.v : to.v + to.along;
  const map = ([u, v]: [number, number]): [number, number] => (vertical ? [u, v] : [v, u]);
  if (high - low >= 1) {
    const u = fromCentre >= low && fromCentre <= high ? fromCentre : toCentre >= low && toCentre <= high ? toCentre : Math.round((low + high) / 2);
    return [map([u, v1]), map([u, v2])];
  }
  const middle = Math.round((v1 + v2) / 2);
  return [map([fromCentre, v1]), map([fromCentre, middle]), map([toCentre, middle]), map([toCentre, v2])];
}

function redrawConnector(diagram: XmlDocument, connector: Connector, points: [number, number][], old: XmlElement[]): Edit[] {
  const edits: Edit[] = [];
  const xs = points.map((p) => p[0]);
  const ys = points.map((p) => p[1]);
  const box = { left: Math.min(...xs) - BOX.before, top: Math.min(...ys) - BOX.before, width: Math.max(...xs) - Math.min(...xs) + BOX.before + BOX.after, height: Math.max(...ys) - Math.min(...ys) + BOX.before + BOX.below };
  for (const [name, value] of Object.entries(box)) {
    const attribute = connector.element.attribute('', name);
    if (attribute && attribute.value !== String(value)) edits.push({ start: attribute.valueStart, end: attribute.valueEnd, text: String(value) });
  }
  if (old.length === 0) return edits;
  const { text } = diagram;
  const separator = old.length > 1 ? text.slice(old[0].end, old[1].start) : text.slice(text.lastIndexOf('\n', old[0].start), old[0].start);
  const selfClose = text.slice(old[0].start, old[0].end).endsWith(' />') ? ' />' : '/>';
  const markup = points.map(([x, y]) => `<point x="${x}" y="${y}"${selfClose}`).join(old.length > 1 || separator.trim() === '' ? separator : '');
  edits.push({ start: old[0].start, end: old[old.length - 1].end, text: markup });
  return edits;
}

/** A container shape's stream: a version word, then its width and height as little-endian 32-bit integers (every container in the corpus). */
function containerBinary(value: string, rect: Rect): string {
  const le32 = (n: number) => {
    const bytes = Buffer.alloc(4);
    bytes.writeInt32LE(Math.round(n));
    return bytes.toString('hex');
  };
  return value.slice(0, 8) + le32(rect.w) + le32(rect.h) + value.slice(24);
}

/** A new container shape, copied from `template`'s markup with its own ids, place, size, caption and object. */
function shapeMarkup(diagram: XmlDocument, template: XmlElement, shape: { id: string; logicalId: string; master: string; rect: Rect; name: string; object: string }): string {
  const source = diagram.text.slice(template.start, template.end);
  const copy = parseXml(source);
  const root = copy.root;
  const edits: Edit[] = [];
  const set = (element: XmlElement | undefined, name: string, value: string) => {
    const attribute = element?.attribute('', name);
    if (attribute) edits.push({ start: attribute.valueStart, end: attribute.valueEnd, text: escapeValue(value) });
  };
  set(root, 'tooltip', 'Sequence Container');
  set(root, 'logicalid', shape.logicalId);
  set(root, 'controlid', shape.id);
  set(root, 'masterid', shape.master);
  set(root, 'left', String(Math.round(shape.rect.l)));
  set(root, 'top', String(Math.round(shape.rect.t)));
  set(root, 'width', String(Math.round(shape.rect.w)));
  set(root, 'height', String(Math.round(shape.rect.h)));
  const binary = findElement(root, (e) => e.local === 'ddsxmlobjectstreaminitwrapper');
  if (binary) set(binary, 'binary', containerBinary(binary.attribute('', 'binary')?.value ?? '00080000', shape.rect));
  set(property(root, 'Caption'), 'value', shape.name);
  set(property(root, 'CollapsedWidth'), 'value', String(Math.round(shape.rect.w)));
  set(property(root, 'LogicalObject'), 'value', shape.object);
  const separator = /\s*$/.exec(diagram.text.slice(0, template.start))![0];
  return applyEdits(source, edits).text + separator;
}

function escapeValue(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
}

function readRect(control: XmlElement): Rect | undefined {
  const [l, t, w, h] = ['left', 'top', 'width', 'height'].map((name) => Number(control.attribute('', name)?.value));
  return [l, t, w, h].every(Number.isFinite) ? { l, t, w, h } : undefined;
}

function property(control: XmlElement, name: string): XmlElement | undefined {
  return findElement(control, (e) => e.local === 'property' && e.attribute('', 'name')?.value === name);
}

function union(rects: readonly Rect[]): Rect {
  const l = Math.min(...rects.map((r) => r.l));
  const t = Math.min(...rects.map((r) => r.t));
  return { l, t, w: Math.max(...rects.map((r) => r.l + r.w)) - l, h: Math.max(...rects.map((r) => r.t + r.h)) - t };
}
