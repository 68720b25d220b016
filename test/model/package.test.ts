import { buildPackageModel, descendantsOf, unsupportedReason } from '../../src/model/package';
import { parseXml } from '../../src/xml/parse';
import path from 'node:path';
import { describeCorpus, fixtureCases, FIXTURES, readText } from '../support/fixtures';
import { oracleDocument, selectNodes, selectStrings } from '../support/oracle';

const fixture = (name: string) => fixtureCases().find((c) => c.name === name)!.input;
const model = (text: string) => buildPackageModel(parseXml(text));

describe('package model, 2012+ dialect', () => {
  const pkg = model(fixture('intended-2012'));

  test('reads the executable tree with package paths', () => {
    expect(pkg.dialect.name).toBe('2012+');
    expect(pkg.formatVersion).toBe(8);
    expect(pkg.executables.map((e) => `${e.kind} ${e.path}`)).toEqual([
      'package Package',
      'sequence Package\\Load Customers',
      'task Package\\Load Customers\\Truncate Staging',
      'task Package\\Load Customers\\Copy Rows',
      'task Package\\Load Customers\\Archive',
      'sequence Package\\Cleanup',
      'task Package\\Cleanup\\Drop Work Tables',
    ]);
  });

  test('reads restart flags, with absent attributes as their defaults', () => {
    const byName = new Map(pkg.executables.map((e) => [e.name, e]));
    expect(byName.get('Load Customers')!.failPackageOnFailure).toBe(true);
    expect(byName.get('Copy Rows')!.failPackageOnFailure).toBe(true);
    expect(byName.get('Archive')!.failParentOnFailure).toBe(true);
    expect(byName.get('Truncate Staging')!.failParentOnFailure).toBe(false);
    expect(byName.get('Cleanup')!.disabled).toBe(false);
  });

  test('resolves both ends of every precedence constraint', () => {
    expect(pkg.constraints.map((c) => `${c.owner.name}: ${c.from?.name} -> ${c.to?.name}`)).toEqual([
      'Load Customers: Truncate Staging -> Copy Rows',
      'Load Customers: Copy Rows -> Archive',
      'LoadCustomers: Load Customers -> Cleanup',
    ]);
  });

  test('reads checkpoint settings', () => {
    expect(pkg.checkpoint).toEqual({ saveCheckpoints: true, usage: 'IfExists', fileName: 'D:\\etl\\checkpoints\\LoadCustomers.xml', fileNameSet: true, enabled: true });
    expect(model(fixture('no-change-not-checkpointed-2012')).checkpoint.enabled).toBe(false);
  });

  test('a checkpoint file name set by a property expression counts as set', () => {
    const nameless = readText(path.join(FIXTURES, 'checkpoint-config', 'no-change-nameless-2012.input.dtsx'));
    expect(model(nameless).checkpoint).toMatchObject({ fileName: '', fileNameSet: false });
    const expression = '<DTS:PropertyExpression DTS:Name="CheckpointFileName">@[$Project::CheckpointFolder] + "\\LoadSales.xml"</DTS:PropertyExpression>';
    const named = nameless.replace('  <DTS:Variables />', `  ${expression}\n  <DTS:Variables />`);
    expect(named).not.toBe(nameless);
    expect(model(named).checkpoint).toMatchObject({ fileName: '', fileNameSet: true });
  });

  test('reads event handlers and their executables', () => {
    const pkg2 = model(`<DTS:Executable xmlns:DTS="www.microsoft.com/SqlServer/Dts" DTS:refId="Package" DTS:ObjectName="P" DTS:ExecutableType="Microsoft.Package">
  <DTS:Property DTS:Name="PackageFormatVersion">8</DTS:Property>
  <DTS:EventHandlers>
    <DTS:EventHandler DTS:refId="Package.EventHandlers[OnError]" DTS:EventName="OnError" DTS:DTSID="{1}">
      <DTS:Executables>
        <DTS:Executable DTS:refId="Package.EventHandlers[OnError]\\Log" DTS:ObjectName="Log" DTS:ExecutableType="Microsoft.ScriptTask" DTS:DTSID="{2}" />
      </DTS:Executables>
    </DTS:EventHandler>
  </DTS:EventHandlers>
</DTS:Executable>`);
    expect(pkg2.executables.map((e) => `${e.kind} ${e.path}`)).toEqual([
      'package Package',
      'event-handler Package.EventHandlers[OnError]',
      'task Package.EventHandlers[OnError]\\Log',
    ]);
  });

  test('lists executables depth first: children, then event handlers, each followed by what it holds', () => {
    const handler = (path: string, task: string) => `<DTS:EventHandlers>
    <DTS:EventHandler DTS:refId="${path}.EventHandlers[OnError]" DTS:EventName="OnError">
      <DTS:Executables><DTS:Executable DTS:refId="${path}.EventHandlers[OnError]\\${task}" DTS:ObjectName="${task}" DTS:ExecutableType="Microsoft.ScriptTask" /></DTS:Executables>
    </DTS:EventHandler>
  </DTS:EventHandlers>`;
    const pkg2 = model(`<DTS:Executable xmlns:DTS="www.microsoft.com/SqlServer/Dts" DTS:refId="Package" DTS:ObjectName="P" DTS:ExecutableType="Microsoft.Package">
  <DTS:Property DTS:Name="PackageFormatVersion">8</DTS:Property>
  <DTS:Executables>
    <DTS:Executable DTS:refId="Package\\Load" DTS:ObjectName="Load" DTS:ExecutableType="STOCK:SEQUENCE">
      <DTS:Executables><DTS:Executable DTS:refId="Package\\Load\\Copy" DTS:ObjectName="Copy" DTS:ExecutableType="Microsoft.Pipeline" /></DTS:Executables>
      ${handler('Package\\Load', 'Alert')}
    </DTS:Executable>
    <DTS:Executable DTS:refId="Package\\Archive" DTS:ObjectName="Archive" DTS:ExecutableType="Microsoft.ExecuteSQLTask" />
  </DTS:Executables>
  ${handler('Package', 'Log')}
</DTS:Executable>`);
    expect(pkg2.executables.map((e) => e.path)).toEqual([
      'Package',
      'Package\\Load',
      'Package\\Load\\Copy',
      'Package\\Load.EventHandlers[OnError]',
      'Package\\Load.EventHandlers[OnError]\\Alert',
      'Package\\Archive',
      'Package.EventHandlers[OnError]',
      'Package.EventHandlers[OnError]\\Log',
    ]);
    expectDescendantsFollow(pkg2);
  });
});

/** The restart simulator reads an executable's descendants as the executables right after it. */
function expectDescendantsFollow(pkg: ReturnType<typeof model>): void {
  pkg.executables.forEach((executable, i) => {
    const descendants = descendantsOf(executable);
    expect(pkg.executables.slice(i + 1, i + 1 + descendants.length)).toEqual(descendants);
  });
}

describe('package model, 2005/2008 dialect', () => {
  const pkg = model(fixture('intended-2005'));

  test('reads property elements, -1/0 booleans and DTSID constraint ends', () => {
    expect(pkg.dialect.name).toBe('2005/2008');
    expect(pkg.formatVersion).toBe(2);
    expect(pkg.executables.map((e) => `${e.kind} ${e.path} ${e.failPackageOnFailure} ${e.failParentOnFailure}`)).toEqual([
      'package Package false false',
      'sequence Package\\Load Orders true false',
      'task Package\\Load Orders\\Stage Orders false false',
      'task Package\\Load Orders\\Merge Orders true false',
    ]);
    expect(pkg.constraints.map((c) => `${c.from?.name} -> ${c.to?.name}`)).toEqual(['Stage Orders -> Merge Orders']);
    expect(pkg.checkpoint).toEqual({ saveCheckpoints: true, usage: 'IfExists', fileName: 'C:\\etl\\ckpt\\Orders.xml', fileNameSet: true, enabled: true });
  });

  test('reports the line of each executable', () => {
    expect(pkg.executables.map((e) => e.line)).toEqual([1, 2, 4, 6]);
  });
});

describe('unsupported documents', () => {
  test.each([
    ['<?xml version="1.0"?><EncryptedData xmlns="http://www.w3.org/2001/04/xmlenc#"><CipherData/></EncryptedData>', /encrypted/],
    ['<DTS:Executable xmlns:DTS="www.microsoft.com/SqlServer/Dts" Encrypted="1">AQAAAN</DTS:Executable>', /encrypted/],
    ['<project><name>x</name></project>', /not an SSIS package/],
  ])('%s is skipped', (text, reason) => {
    expect(unsupportedReason(parseXml(text))).toMatch(reason);
  });
});

describeCorpus('model against an xpath reading of the real corpus', (files) => {
  test.each(files.filter((_, i) => i % 4 === 0).map((f) => [f.split('/').pop()!, f] as const))('%s', (_name, file) => {
    const text = readText(file);
    const doc = parseXml(text);
    if (unsupportedReason(doc)) return;
    const pkg = buildPackageModel(doc);
    const oracle = oracleDocument(text);
    const executables = selectNodes('//DTS:Executable[@DTS:ExecutableType]', oracle);
    expect(pkg.executables.filter((e) => e.kind !== 'event-handler').length).toBe(executables.length);
    const loops = selectStrings('//DTS:Executable/@DTS:ExecutableType', oracle).filter((t) => /^STOCK:FOR(EACH)?LOOP$/i.test(t)).length;
    expect(pkg.executables.filter((e) => e.kind === 'for-loop' || e.kind === 'foreach-loop').length).toBe(loops);
    if (pkg.dialect.name === '2012+') {
      for (const e of pkg.executables) {
        if (e.kind !== 'event-handler') expect(e.element.attribute('www.microsoft.com/SqlServer/Dts', 'refId')?.value).toBe(e.path);
      }
    }
    expect(pkg.constraints.every((c) => c.from && c.to)).toBe(true);
    expectDescendantsFollow(pkg);
  });
});
