/**
 * The architecture, checked by `test/layering.test.ts` (or `npx depcruise src transforms examples`):
 * layers point one way, from the CLI down to the XML layer.
 *
 *   cli, testing  →  config, report, transforms  →  engine  →  restart, query  →  model (+ dialects)  →  edit  →  xml
 *
 * `text` (strings made outside the JavaScript heap) is below them all, for `edit` and `io`.
 *
 * `io` (files, discovery, atomic writes) serves the engine and the CLI; `index.ts` is the public
 * entry, which re-exports from every layer.
 */
const layer = (name, path, mayUse) => ({
  name: `${name}-uses-only-lower-layers`,
  comment: `${name} may import only ${mayUse.join(', ')}`,
  severity: 'error',
  from: { path },
  to: { path: '^(src|transforms|examples)/', pathNot: [path, ...mayUse.map((p) => `^${p}/`)] },
});

module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      severity: 'error',
      // Interfaces may name each other (a PackageModel has a Dialect, a Dialect settles a PackageModel): erased at compile time, such a loop loads nothing.
      comment: 'modules must not import each other in a circle (type-only imports aside)',
      from: {},
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'engine-knows-no-rules-reports-config-or-cli',
      severity: 'error',
      comment: 'the pipeline runs any transform and feeds any formatter; the CLI composes them',
      from: { path: '^src/engine/' },
      to: { path: '^(transforms|examples|src/report|src/config|src/cli)/' },
    },
    {
      name: 'transforms-know-no-dialect',
      severity: 'error',
      comment: 'transforms ask the package dialect (pkg.dialect) or the neutral edit helpers; they never import a dialect module',
      from: { path: '^(transforms|examples)/' },
      to: { path: '^src/model/dialects/' },
    },
    layer('xml', '^src/xml/', ['src/xml']),
    layer('edit', '^src/edit/', ['src/xml', 'src/text']),
    layer('model', '^src/model/', ['src/xml', 'src/edit']),
    layer('restart', '^src/restart/', ['src/xml', 'src/edit', 'src/model']),
    layer('engine', '^src/engine/', ['src/xml', 'src/edit', 'src/model', 'src/restart', 'src/io']),
    layer('io', '^src/io/', ['src/text']),
    layer('text', '^src/text/', []),
    layer('query', '^src/query/', ['src/xml', 'src/edit', 'src/model']),
    layer('transforms', '^transforms/', ['src/engine', 'src/model', 'src/edit', 'src/restart', 'src/xml', 'src/query']),
    {
      name: 'engine-and-restart-know-no-dialect-module',
      severity: 'error',
      comment: 'the pipeline and the simulator ask pkg.dialect; only the model builds on the dialect modules',
      from: { path: '^src/(engine|restart|query)/' },
      to: { path: '^src/model/dialects/', pathNot: '^src/model/dialects/dialect\\.ts$' },
    },
    {
      name: 'examples-use-the-public-api-only',
      severity: 'error',
      comment: 'the example transforms are written as a user writes one: against the package entry',
      from: { path: '^examples/' },
      to: { path: '^(src|transforms)/', pathNot: '^src/(index|testing/index)\\.ts$' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(node_modules|dist)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    // An import only for types still ties two layers together.
    enhancedResolveOptions: { extensions: ['.ts', '.js'] },
  },
};
