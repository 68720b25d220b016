import type { Element } from '@xmldom/xmldom';
import { oracleDocument, selectNodes, selectStrings } from './oracle';

/**
 * Reads the SSIS 2005/2008 designer's control-flow diagram (`dts-designer-1.0`, also kept as
 * `package-diagram` by packages upgraded to 2012) the way the designer draws it, independently of
 * src/ (xmldom and xpath only), and counts what would look broken:
 * - a shape outside the container shape it belongs to (`masterid`);
 * - two shapes of one container that overlap;
 * - a connector whose first point is not on its source shape's edge, or last not on its target's;
 * - a `LogicalObject` (DTSID or package path) or connector end naming nothing;
 * - a shape whose container shape does not draw the executable's container (the loop left
 *   outside its wrapper, a wrapper with no shape).
 * Coordinates are absolute HIMETRIC; the designer's own diagrams in the corpus (241 connectors,
 * 51 nested shapes) meet every check within 30 units.
 */
export interface DiagramProblems {
  readonly outside: string[];
  readonly overlaps: string[];
  readonly connectorEnds: string[];
  readonly dangling: string[];
  readonly misplaced: string[];
  readonly connectorsChecked: number;
}

const TOLERANCE = 30;

interface Shape {
  readonly id: string;
  readonly master: string;
  readonly l: number;
  readonly t: number;
  readonly w: number;
  readonly h: number;
  readonly object: string;
}

export function checkDiagrams(packageText: string): DiagramProblems | undefined {
  const pkg = oracleDocument(packageText);
  const values = selectNodes('//DTS:PackageVariable/DTS:Property[@DTS:Name="PackageVariableValue"]', pkg).filter((v) => (v.textContent ?? '').includes('DtsControlFlowDiagram'));
  if (values.length === 0) return undefined;
  const problems = { outside: [] as string[], overlaps: [] as string[], connectorEnds: [] as string[], dangling: [] as string[], misplaced: [] as string[], connectorsChecked: 0 };

  // Every executable by DTSID and by path, with its container's DTSID.
  const executables = new Map<string, { parent: string | undefined }>();
  const pathToDtsid = new Map<string, string>();
  const known = new Set<string>(selectStrings('//@DTS:DTSID | //DTS:Property[@DTS:Name="DTSID"]', pkg).concat(selectStrings('//@DTS:refId', pkg)));
  for (const executable of selectNodes('//DTS:Executable', pkg)) {
    const dtsid = dtsidOf(executable);
    if (!dtsid) continue;
    const parent = parentExecutable(executable);
    executables.set(dtsid, { parent: parent ? dtsidOf(parent) : undefined });
    const refId = executable.getAttribute('DTS:refId');
    if (refId) pathToDtsid.set(refId, dtsid);
  }
  const rootDtsid = dtsidOf(pkg.documentElement as unknown as Element);

  for (const value of values) {
    const diagram = oracleDocument(value.textContent!);
    const shapes = new Map<string, Shape>();
    const connectors: Element[] = [];
    for (const control of selectNodes('//*[local-name()="ddscontrol"]', diagram)) {
      const id = control.getAttribute('controlid')!;
      if (selectNodes('*[local-name()="connector"]', control).length > 0) {
        connectors.push(control);
        continue;
      }
      const number = (name: string) => Number(control.getAttribute(name));
      const object = selectStrings('.//*[local-name()="property"][@name="LogicalObject"]/@value', control)[0] ?? '';
      shapes.set(id, { id, master: control.getAttribute('masterid') ?? '0', l: number('left'), t: number('top'), w: number('width'), h: number('height'), object });
    }
    const dtsidOfObject = (object: string) => (object.startsWith('{') ? object : pathToDtsid.get(object));
    for (const shape of shapes.values()) {
      if (shape.object && !known.has(shape.object)) problems.dangling.push(shape.object);
      const master = shapes.get(shape.master);
      if (shape.master !== '0' && !master) problems.dangling.push(`masterid ${shape.master}`);
      if (master && (shape.l < master.l - TOLERANCE || shape.t < master.t - TOLERANCE || shape.l + shape.w > master.l + master.w + TOLERANCE || shape.t + shape.h > master.t + master.h + TOLERANCE)) {
        problems.outside.push(`${shape.object} in ${master.object}`);
      }
      const drawn = executables.get(dtsidOfObject(shape.object) ?? '');
      if (drawn) {
        const expected = drawn.parent === rootDtsid ? undefined : drawn.parent;
        const actual = master ? dtsidOfObject(master.object) : undefined;
        if (expected !== actual) problems.misplaced.push(shape.object);
      }
    }
    const byMaster = new Map<string, Shape[]>();
    for (const shape of shapes.values()) byMaster.set(shape.master, [...(byMaster.get(shape.master) ?? []), shape]);
    for (const group of byMaster.values()) {
      for (let i = 0; i < group.length; i++) {
        for (let j = i + 1; j < group.length; j++) {
          const [a, b] = [group[i], group[j]];
          if (Math.min(a.l + a.w, b.l + b.w) - Math.max(a.l, b.l) > TOLERANCE && Math.min(a.t + a.h, b.t + b.h) - Math.max(a.t, b.t) > TOLERANCE) problems.overlaps.push(`${a.object} / ${b.object}`);
        }
      }
    }
    for (const control of connectors) {
      const connector = selectNodes('*[local-name()="connector"]', control)[0];
      const source = shapes.get(connector.getAttribute('sourceid')!);
      const dest = shapes.get(connector.getAttribute('destid')!);
      const object = selectStrings('.//*[local-name()="property"][@name="LogicalObject"]/@value', control)[0] ?? control.getAttribute('controlid')!;
      if (!source || !dest) {
        problems.dangling.push(`connector ${object}`);
        continue;
      }
      problems.connectorsChecked++;
      const points = selectNodes('*[local-name()="point"]', connector).map((p) => [Number(p.getAttribute('x')), Number(p.getAttribute('y'))] as const);
      if (!onEdge(source, points[0])) problems.connectorEnds.push(`${object}: start`);
      if (!onEdge(dest, points[points.length - 1])) problems.connectorEnds.push(`${object}: end`);
    }
  }
  return problems;
}

function onEdge(box: Shape, [x, y]: readonly [number, number]): boolean {
  const inside = (margin: number) => x >= box.l - margin && x <= box.l + box.w + margin && y >= box.t - margin && y <= box.t + box.h + margin;
  return inside(TOLERANCE) && !inside(-TOLERANCE);
}

function dtsidOf(executable: Element): string | undefined {
  return executable.getAttribute('DTS:DTSID') || selectStrings('DTS:Property[@DTS:Name="DTSID"]', executable)[0] || undefined;
}

function parentExecutable(element: Element): Element | undefined {
  for (let up = element.parentNode as Element | null; up && up.nodeType === 1; up = up.parentNode as Element | null) {
    if (up.localName === 'Executable' || up.localName === 'EventHandler') return up;
  }
  return undefined;
}

export function diagramCounts(problems: DiagramProblems | undefined) {
  return {
    outside: problems?.outside.length ?? 0,
    overlaps: problems?.overlaps.length ?? 0,
    connectorEnds: problems?.connectorEnds.length ?? 0,
    dangling: problems?.dangling.length ?? 0,
    misplaced: problems?.misplaced.length ?? 0,
    connectors: problems?.connectorsChecked ?? 0,
  };
}
