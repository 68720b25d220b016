import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as api from '../../src';
import type { Transform } from '../../src';
import { checkDiagrams, diagramCounts } from '../support/diagram-check';
import { FIXTURES, ROOT } from '../support/fixtures';

/** The public API (src/index.ts) as a user transform uses it, on both dialects. */
const example = (name: string) => readFileSync(path.join(ROOT, 'examples', name), 'utf8');

const PACKAGE_2012 = `<?xml version="1.0"?>
<DTS:Executable xmlns:DTS="www.microsoft.com/SqlServer/Dts"
  DTS:refId="Package"
  DTS:CreationName="Microsoft.Package"
  DTS:DTSID="{0A000000-0000-4000-8000-000000000001}"
  DTS:ExecutableType="Microsoft.Package"
  DTS:ObjectName="Warehouse">
  <DTS:Property
    DTS:Name="PackageFormatVersion">8</DTS:Property>
  <DTS:ConnectionManagers>
    <DTS:ConnectionManager
      DTS:refId="Package.ConnectionManagers[Warehouse]"
      DTS:CreationName="OLEDB"
      DTS:DTSID="{0A000000-0000-4000-8000-000000000002}"
      DTS:ObjectName="Warehouse">
      <DTS:PropertyExpression
        DTS:Name="InitialCatalog">@[User::Catalog]</DTS:PropertyExpression>
      <DTS:ObjectData>
        <DTS:ConnectionManager
          DTS:ConnectionString="Data Source=old-sql;Initial Catalog=dw;Provider=SQLNCLI11.1;Integrated Security=SSPI;" />
      </DTS:ObjectData>
    </DTS:ConnectionManager>
  </DTS:ConnectionManagers>
  <DTS:Variables />
  <DTS:Executables>
    <DTS:Executable
      DTS:refId="Package\\Load"
      DTS:CreationName="Microsoft.Pipeline"
      DTS:DTSID="{0A000000-0000-4000-8000-000000000003}"
      DTS:ExecutableType="Microsoft.Pipeline"
      DTS:ObjectName="Load">
      <DTS:PropertyExpression
        DTS:Name="Disable">@[User::SkipLoad]</DTS:PropertyExpression>
      <DTS:ObjectData>
        <pipeline
          version="1" />
      </DTS:ObjectData>
    </DTS:Executable>
  </DTS:Executables>
</DTS:Executable>
`;

const PACKAGE_2005 = `<?xml version="1.0"?><DTS:Executable xmlns:DTS="www.microsoft.com/SqlServer/Dts" DTS:ExecutableType="MSDTS.Package.1"><DTS:Property DTS:Name="PackageFormatVersion">2</DTS:Property><DTS:ConnectionManager><DTS:Property DTS:Name="DelayValidation">0</DTS:Property><DTS:Property DTS:Name="ObjectName">Warehouse</DTS:Property><DTS:Property DTS:Name="DTSID">{0B000000-0000-4000-8000-000000000002}</DTS:Property><DTS:Property DTS:Name="CreationName">OLEDB</DTS:Property><DTS:PropertyExpression DTS:Name="InitialCatalog">@[User::Catalog]</DTS:PropertyExpression><DTS:ObjectData><DTS:ConnectionManager><DTS:Property DTS:Name="Retain">0</DTS:Property><DTS:Property DTS:Name="ConnectionString">Data Source=old-sql;Initial Catalog=dw;Provider=SQLNCLI.1;</DTS:Property></DTS:ConnectionManager></DTS:ObjectData></DTS:ConnectionManager><DTS:Executable DTS:ExecutableType="DTS.Pipeline.1"><DTS:Property DTS:Name="ObjectName">Load</DTS:Property><DTS:Property DTS:Name="DTSID">{0B000000-0000-4000-8000-000000000003}</DTS:Property><DTS:ObjectData><pipeline/></DTS:ObjectData></DTS:Executable><DTS:Property DTS:Name="ObjectName">Warehouse</DTS:Property><DTS:Property DTS:Name="DTSID">{0B000000-0000-4000-8000-000000000001}</DTS:Property></DTS:Executable>`;

/** Runs `run` as a one-off transform through the engine (which applies, re-parses and verifies). */
function apply(text: string, run: Transform['run']) {
  const transform: Transform = { id: 'api-test', summary: 's', severity: 'info', fixable: true, docs: 'docs/none.md', requiresCheckpoints: false, run };
  return api.processText('p.dtsx', text, [transform], api.DEFAULT_RUN_OPTIONS);
}

test.each([
  ['2012+', PACKAGE_2012],
  ['2005/2008', PACKAGE_2005],
])('connection managers and property expressions are in the model (%s)', (dialect, text) => {
  const pkg = api.parsePackage(text);
  expect(pkg.dialect.name).toBe(dialect);
  expect(pkg.connectionManagers.map((c) => [c.name, c.creationName, c.path])).toEqual([['Warehouse', 'OLEDB', 'Package.ConnectionManagers[Warehouse]']]);
  expect(pkg.connectionManagers[0].connectionString).toMatch(/^Data Source=old-sql;Initial Catalog=dw;/);
  expect(pkg.expressions.map((e) => [e.owner.name, e.property, e.expression])).toEqual(
    [
      ['Load', 'Disable', '@[User::SkipLoad]'],
      ['Warehouse', 'InitialCatalog', '@[User::Catalog]'],
    ].filter(([owner]) => dialect === '2012+' || owner === 'Warehouse'),
  );
});

test.each([
  ['2012+', PACKAGE_2012, 'DTS:ConnectionString="Data Source=new-sql;'],
  ['2005/2008', PACKAGE_2005, '<DTS:Property DTS:Name="ConnectionString">Data Source=new-sql;'],
])('setConnectionString points a connection at a new server where it is written (%s)', (_dialect, text, written) => {
  const result = apply(text, (pkg, context) => {
    for (const connection of pkg.connectionManagers) {
      const value = connection.connectionString!.replace('Data Source=old-sql', 'Data Source=new-sql');
      context.report({ executable: pkg.root, message: 'moved', edits: api.setConnectionString(pkg, connection, value) });
    }
  });
  expect(result.status).toBe('changed');
  expect(result.output).toContain(written);
  expect(result.output!.replace('new-sql', 'old-sql')).toBe(text);
});

test('selectors find the same tasks in both dialects, by task type, kind, name glob and path glob', () => {
  for (const text of [PACKAGE_2012, PACKAGE_2005]) {
    const pkg = api.parsePackage(text);
    expect(api.selectExecutables(pkg, { task: 'data-flow' }).map((e) => e.path)).toEqual(['Package\\Load']);
    expect(api.selectExecutables(pkg, { task: 'Pipeline', name: 'L*' }).map((e) => api.taskType(e))).toEqual(['Pipeline']);
    expect(api.selectExecutables(pkg, { task: 'execute-sql' })).toEqual([]);
  }
  const orders = api.parsePackage(example('LoadOrders.dtsx'));
  expect(api.selectExecutables(orders, { task: 'execute-sql' }).map((e) => e.name)).toEqual(['Truncate Staging', 'Load File', 'Merge Orders']);
  expect(api.selectExecutables(orders, { path: 'Package\\*' }).map((e) => e.name)).toEqual(['Truncate Staging', 'Foreach Order File', 'Merge Orders']);
  expect(api.selectExecutables(orders, { path: 'Package\\**' }).map((e) => e.name)).toEqual(['Truncate Staging', 'Foreach Order File', 'Load File', 'Merge Orders']);
  expect(api.selectExecutables(orders, { kind: 'foreach-loop', where: (e) => e.children.length === 1 }).map((e) => e.name)).toEqual(['Foreach Order File']);
  expect(api.selectExecutables(orders, { name: /^merge/i }).map((e) => e.name)).toEqual(['Merge Orders']);
  const legacy = api.parsePackage(example('Orders2005.dtsx'));
  expect(api.selectExecutables(legacy, { task: 'execute-sql' }).map((e) => api.taskType(e))).toEqual(['ExecuteSQLTask', 'ExecuteSQLTask']);
});

test('removeExecutable takes the task, its constraints and its layout away; the engine verifies what is left', () => {
  const text = example('LoadOrders.dtsx');
  const result = apply(text, (pkg, context) => {
    const merge = api.selectExecutables(pkg, { name: 'Merge Orders' })[0];
    if (!merge) return; // gone: the engine runs the transform again on its own output until nothing changes
    context.report({ executable: merge, message: 'removed', edits: api.removeExecutable(pkg, merge) });
  });
  expect([result.status, result.reason]).toEqual(['changed', undefined]);
  expect(result.output).not.toContain('Merge Orders');
  expect(result.output).not.toContain('Package.PrecedenceConstraints[Constraint 1]');
  const after = api.parsePackage(result.output!);
  expect(after.executables.map((e) => e.name)).toEqual(['LoadOrders', 'Truncate Staging', 'Foreach Order File', 'Load File']);
  expect(after.constraints.map((c) => `${c.from?.name} → ${c.to?.name}`)).toEqual(['Truncate Staging → Foreach Order File']);
});

test('insertExecutable adds a task written in the package format beside another, indented as it is', () => {
  const text = example('LoadOrders.dtsx');
  const result = apply(text, (pkg, context) => {
    const truncate = api.selectExecutables(pkg, { name: 'Truncate Staging' })[0];
    if (pkg.executables.some((e) => e.name === 'Log Start')) return;
    const markup = [
      '<DTS:Executable',
      '  DTS:refId="Package\\Log Start"',
      '  DTS:CreationName="Microsoft.ExecuteSQLTask"',
      '  DTS:DTSID="{0C000000-0000-4000-8000-000000000001}"',
      '  DTS:ExecutableType="Microsoft.ExecuteSQLTask"',
      '  DTS:ObjectName="Log Start">',
      '  <DTS:Variables />',
      '</DTS:Executable>',
    ].join('\n');
    context.report({ executable: truncate, message: 'inserted', edits: api.insertExecutable(pkg, markup, { after: truncate }) });
  });
  expect([result.status, result.reason]).toEqual(['changed', undefined]);
  expect(result.output).toContain('    </DTS:Executable>\n    <DTS:Executable\n      DTS:refId="Package\\Log Start"\n');
  expect(api.parsePackage(result.output!).root.children.map((e) => e.name)).toEqual(['Truncate Staging', 'Log Start', 'Foreach Order File', 'Merge Orders']);
});

test('renameExecutable refuses illegal and duplicate names, and the package itself', () => {
  const pkg = api.parsePackage(example('LoadOrders.dtsx'));
  const loop = api.selectExecutables(pkg, { kind: 'foreach-loop' })[0];
  expect(() => api.renameExecutable(pkg, loop, 'a.b')).toThrow("'a.b' is not a legal SSIS object name");
  expect(() => api.renameExecutable(pkg, loop, 'merge orders')).toThrow("'Package' already holds an executable named 'merge orders'");
  expect(() => api.renameExecutable(pkg, pkg.root, 'x')).toThrow('cannot be renamed');
  expect(api.renameExecutable(pkg, loop, loop.name)).toEqual([]);
});

test('replaceInNode changes only the characters asked for; setText rewrites a whole value, escaped for its place', () => {
  const text = example('LoadCustomers.dtsx');
  const replaced = apply(text, (pkg, context) => {
    for (const node of api.selectNodes(pkg, '//SQLTask:SqlTaskData/@SQLTask:SqlStatementSource', { namespaces: { SQLTask: 'www.microsoft.com/sqlserver/dts/tasks/sqltask' } })) {
      const at = node.nodeValue!.indexOf('stg.');
      if (at >= 0) context.report({ executable: pkg.root, message: 'schema', edits: [api.replaceInNode(pkg, node, at, at + 3, 'staging')] });
    }
  });
  expect(replaced.output).toBe(text.replace(/\bstg\./g, 'staging.'));
  const set = apply(text, (pkg, context) => {
    const [node] = api.selectNodes(pkg, '(//@*[local-name() = "SqlStatementSource"])[1]');
    if (node.nodeValue !== 'a < b & "c"') context.report({ executable: pkg.root, message: 'set', edits: [api.setText(pkg, node, 'a < b & "c"')] });
  });
  expect(set.output).toContain('SqlStatementSource="a &lt; b &amp; &quot;c&quot;"');
});

test.each([
  ['2012+', PACKAGE_2012, 'CreationName', '\n      DTS:CreationName="OLEDB"'],
  ['2005/2008', PACKAGE_2005, 'DelayValidation', '<DTS:Property DTS:Name="DelayValidation">0</DTS:Property>'],
])('clearProperty removes a property so that SSIS uses its default (%s)', (_dialect, text, property, written) => {
  const result = apply(text, (pkg, context) => {
    const edits = api.clearProperty(pkg, pkg.connectionManagers[0], property);
    if (edits.length > 0) context.report({ executable: pkg.root, message: 'cleared', edits });
  });
  expect(result.output).toBe(text.replace(written, ''));
});

test.each([['diagram-2005'], ['diagram-2012']])('removeExecutable also takes its shape and its connectors out of the designer diagram (%s), which stays whole', (name) => {
  const text = readFileSync(path.join(FIXTURES, 'wrap-loop-in-sequence', `${name}.input.dtsx`), 'utf8');
  const pkg = api.parsePackage(text);
  const merge = api.selectExecutables(pkg, { name: 'Merge Orders' })[0];
  // 2005/2008 diagrams name objects by DTSID, the ones upgraded to 2012 by path.
  const into = pkg.constraints.filter((c) => c.to === merge);
  const names = [merge.dtsid!, `"${merge.path}"`, ...into.map((c) => pkg.dialect.property(c.element, 'DTSID')!), ...into.map((c) => `"${c.path}"`)];
  const result = apply(text, (now, context) => {
    const target = api.selectExecutables(now, { name: 'Merge Orders' })[0];
    if (target) context.report({ executable: target, message: 'removed', edits: api.removeExecutable(now, target) });
  });
  expect([result.status, result.reason]).toEqual(['changed', undefined]);
  const diagramOf = (t: string) => api.selectNodes(api.parsePackage(t), '//DTS:PackageVariable/DTS:Property[@DTS:Name="PackageVariableValue"]')[0].textContent!;
  const [before, after] = [diagramOf(text), diagramOf(result.output!)];
  const controls = (diagram: string) => diagram.match(/<ddscontrol /g)!.length;
  // The shape of the task and the connector of the constraint into it are gone, nothing else.
  expect(controls(before) - controls(after)).toBe(2);
  const named = names.filter((n) => before.includes(n));
  expect(named).toHaveLength(2);
  expect(named.filter((n) => after.includes(n))).toEqual([]);
  const counts = diagramCounts(checkDiagrams(result.output!));
  expect(counts).toMatchObject({ outside: 0, overlaps: 0, connectorEnds: 0, dangling: 0, misplaced: 0 });
});
