import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from './fixtures';

/**
 * Packages built for hostile-input tests: sizes and depths no fixture has, made from the bundled
 * examples or from a minimal 2012+ package, so every test states what it feeds the tool.
 */

/** examples/LoadOrders.dtsx with its Foreach Loop grown to hold about `lines` more lines (enumerator settings). */
export function grownLoadOrders(lines: number): string {
  const text = readFileSync(path.join(ROOT, 'examples', 'LoadOrders.dtsx'), 'utf8');
  const setting = '            <FEFEProperty\n              FileSpec="*.csv" />\n';
  const at = text.indexOf(setting);
  if (at < 0) throw new Error('examples/LoadOrders.dtsx no longer has the FileSpec setting');
  return text.slice(0, at) + setting.repeat(Math.ceil(lines / 2)) + text.slice(at);
}

const dtsid = (n: number) => `{7A11D000-0000-4000-8000-${String(n).padStart(12, '0')}}`;

/**
 * A checkpointed 2012+ package whose Sequence containers nest `levels` deep around a Foreach Loop
 * holding one task, one element per line. Its deepest element is at level 2 * levels + 5.
 */
export function nestedSequences(levels: number): string {
  const lines: string[] = [];
  const close: string[] = [];
  let refId = 'Package';
  const pad = (depth: number) => '  '.repeat(depth);
  const executable = (depth: number, name: string, type: string, id: number) => {
    refId = `${refId}\\${name}`;
    lines.push(`${pad(depth)}<DTS:Executable DTS:refId="${refId}" DTS:CreationName="${type}" DTS:DTSID="${dtsid(id)}" DTS:ExecutableType="${type}" DTS:ObjectName="${name}">`);
  };
  lines.push('<?xml version="1.0"?>');
  lines.push(
    `<DTS:Executable xmlns:DTS="www.microsoft.com/SqlServer/Dts" DTS:refId="Package" DTS:CheckpointFileName="C:\\ckpt\\Deep.xml" DTS:CheckpointUsage="1" DTS:CreationName="Microsoft.Package" DTS:DTSID="${dtsid(0)}" DTS:ExecutableType="Microsoft.Package" DTS:ObjectName="Deep" DTS:SaveCheckpoints="True">`,
  );
  lines.push(`  <DTS:Property DTS:Name="PackageFormatVersion">8</DTS:Property>`);
  let depth = 1;
  for (let level = 1; level <= levels; level++) {
    lines.push(`${pad(depth)}<DTS:Executables>`);
    executable(depth + 1, `S${level}`, 'STOCK:SEQUENCE', level);
    close.unshift(`${pad(depth + 1)}</DTS:Executable>`, `${pad(depth)}</DTS:Executables>`);
    depth += 2;
  }
  lines.push(`${pad(depth)}<DTS:Executables>`);
  executable(depth + 1, 'Loop', 'STOCK:FOREACHLOOP', levels + 1);
  lines.push(`${pad(depth + 2)}<DTS:Executables>`);
  executable(depth + 3, 'Task', 'Microsoft.ExecuteSQLTask', levels + 2);
  lines.push(`${pad(depth + 4)}<DTS:ObjectData />`);
  lines.push(`${pad(depth + 3)}</DTS:Executable>`, `${pad(depth + 2)}</DTS:Executables>`, `${pad(depth + 1)}</DTS:Executable>`, `${pad(depth)}</DTS:Executables>`);
  for (const line of close) lines.push(line);
  lines.push('</DTS:Executable>', '');
  return lines.join('\n');
}

/** A 2012+ package root holding `levels` elements nested in one another on one line. */
export function nestedElements(levels: number): string {
  return (
    '<?xml version="1.0"?>\n<DTS:Executable xmlns:DTS="www.microsoft.com/SqlServer/Dts" DTS:refId="Package" DTS:ExecutableType="Microsoft.Package">\n' +
    '<DTS:ObjectData>'.repeat(levels) +
    '</DTS:ObjectData>'.repeat(levels) +
    '\n</DTS:Executable>\n'
  );
}

/**
 * A checkpointed SSIS 2005 package whose Sequence containers nest `levels` deep (one element level
 * each: 2005 has no collection elements) around a For Loop holding one task, on one line each.
 * Its deepest element is at level `levels` + 4.
 */
export function nestedSequences2005(levels: number): string {
  const property = (name: string, value: string | number) => `<DTS:Property DTS:Name="${name}">${value}</DTS:Property>`;
  const parts = [
    '<?xml version="1.0"?><DTS:Executable xmlns:DTS="www.microsoft.com/SqlServer/Dts" DTS:ExecutableType="MSDTS.Package.1">',
    property('PackageFormatVersion', 2) + property('SaveCheckpoints', -1) + property('CheckpointUsage', 1) + property('CheckpointFileName', 'C:\\ckpt\\Deep.xml'),
  ];
  for (let level = 1; level <= levels; level++) {
    parts.push(`\n<DTS:Executable DTS:ExecutableType="STOCK:SEQUENCE">${property('FailPackageOnFailure', 0)}${property('ObjectName', `S${level}`)}${property('DTSID', dtsid(level))}`);
  }
  parts.push(
    `\n<DTS:Executable DTS:ExecutableType="STOCK:FORLOOP">${property('ObjectName', 'Loop')}${property('DTSID', dtsid(levels + 1))}` +
      `<DTS:Executable DTS:ExecutableType="STOCK:SEQUENCE">${property('ObjectName', 'Task')}${property('DTSID', dtsid(levels + 2))}</DTS:Executable></DTS:Executable>`,
  );
  parts.push('</DTS:Executable>'.repeat(levels + 1), '\n');
  return parts.join('');
}
