import type { Drawing } from '../model/dialects/drawing';
import { escapeAttribute, escapeText } from '../xml/escape';

/**
 * A control-flow drawing as an SVG picture: containers as the designer nests them, tasks as
 * boxes, precedence constraints as arrows coloured by the outcome they wait for (green success,
 * red failure, blue completion; dashed when an expression decides too). `marked` executables
 * (a new wrapper, changed flags) are outlined. Each box carries its package path and each arrow
 * its ends, so a test can check the picture against the package.
 */
export function controlFlowSvg(drawing: Drawing, marked: ReadonlySet<string>, title: string): string {
  const right = Math.max(200, ...drawing.boxes.map((b) => b.x + b.w), ...drawing.arrows.flatMap((a) => a.points.map((p) => p[0])));
  const bottom = Math.max(100, ...drawing.boxes.map((b) => b.y + b.h), ...drawing.arrows.flatMap((a) => a.points.map((p) => p[1])));
  const round = (n: number) => Math.round(n * 10) / 10;
  // Containers first, outermost first, so what they hold is drawn on top of them.
  const boxes = [...drawing.boxes].sort((a, b) => depth(a.executable.path) - depth(b.executable.path) || Number(b.header > 0) - Number(a.header > 0));
  const shapes = boxes.map((box) => {
    const { executable } = box;
    const container = box.header > 0;
    const classes = ['box', container ? 'container' : 'task', executable.disabled ? 'disabled' : '', marked.has(executable.path) ? 'marked' : ''].filter(Boolean).join(' ');
    const label = escapeText(executable.name);
    return (
      `<g class="${classes}" data-path="${escapeAttribute(executable.path)}" data-kind="${executable.kind}">` +
      `<rect x="${round(box.x)}" y="${round(box.y)}" width="${round(box.w)}" height="${round(box.h)}" rx="4"/>` +
      (container ? `<line x1="${round(box.x)}" y1="${round(box.y + box.header)}" x2="${round(box.x + box.w)}" y2="${round(box.y + box.header)}"/>` : '') +
      `<text x="${round(box.x + 8)}" y="${round(box.y + (container ? Math.min(box.header, 28) / 2 + 5 : box.h / 2 + 4))}">${label}</text>` +
      `<title>${escapeText(executable.path)}</title></g>`
    );
  });
  const arrows = drawing.arrows.map(({ constraint, points }) => {
    const classes = ['arrow', constraint.runsOn, constraint.evaluation === 'constraint' ? '' : 'expression'].filter(Boolean).join(' ');
    return (
      `<polyline class="${classes}" data-from="${escapeAttribute(constraint.from?.path ?? '')}" data-to="${escapeAttribute(constraint.to?.path ?? '')}" ` +
      `points="${points.map(([x, y]) => `${round(x)},${round(y)}`).join(' ')}" marker-end="url(#head-${constraint.runsOn})"><title>${escapeText(constraint.path)}</title></polyline>`
    );
  });
  const head = (name: string) => `<marker id="head-${name}" class="${name}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z"/></marker>`;
  return (
    `<svg class="control-flow" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${round(right + 20)} ${round(bottom + 20)}" width="${round(right + 20)}" height="${round(bottom + 20)}" role="img" aria-label="${escapeAttribute(title)}" data-source="${drawing.source}">` +
    `<defs>${['success', 'failure', 'completion'].map(head).join('')}</defs>${shapes.join('')}${arrows.join('')}</svg>`
  );
}

function depth(path: string): number {
  return path.split('\\').length;
}
