import path from 'node:path';
import { diffFormatter, type FormatterFactory } from './formatter';
import { jsonFormatter } from './json';
import { sarifFormatter } from './sarif';

/** The output formats by name: adding one is one module and one line here. */
export const FORMATTERS: Readonly<Record<string, FormatterFactory>> = {
  diff: diffFormatter,
  json: jsonFormatter,
  sarif: sarifFormatter,
};

/** A built-in format by name, or else a module path (relative to `cwd`) exporting `createFormatter` or a default factory. */
export function loadFormatter(nameOrPath: string, cwd: string): FormatterFactory {
  const builtIn = FORMATTERS[nameOrPath];
  if (builtIn) return builtIn;
  if (!/[\\/.]/.test(nameOrPath)) throw new Error(`unknown format "${nameOrPath}" (built in: ${Object.keys(FORMATTERS).join(', ')}; or a module path such as ./my-formatter.js)`);
  const file = path.resolve(cwd, nameOrPath);
  let exported: { createFormatter?: unknown; default?: unknown };
  try {
    exported = require(file);
  } catch (error) {
    throw new Error(`cannot load formatter module ${file}: ${String((error as Error)?.message ?? error).split('\n')[0]}`);
  }
  const factory = [exported.createFormatter, exported.default, exported].find((candidate) => typeof candidate === 'function');
  if (!factory) throw new Error(`${file} exports no formatter factory (a function \`createFormatter(context)\` returning { begin, file, end })`);
  return factory as FormatterFactory;
}
