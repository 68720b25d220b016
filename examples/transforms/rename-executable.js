// @ts-check
/**
 * Renames a task or container, and everything that names it: precedence constraints, refIds, the
 * designer layout, data-flow references, and `\Package\…` paths in configurations and
 * expressions. One executable, picked by its package path:
 *
 *   npx dtsx-codemod --transform examples/transforms/rename-executable.js \
 *     --rule-option 'rename-executable:path=Package\Foreach Order File' \
 *     --rule-option 'rename-executable:to=Foreach Order CSV' examples/LoadOrders.dtsx
 */
const { renameExecutable, selectExecutables } = require('dtsx-codemod');

/** @type {import('dtsx-codemod').Transform<{ path: string; to: string }>} */
const renameExecutableTransform = {
  id: 'rename-executable',
  summary: 'Rename a task or container and rewire everything that names it.',
  severity: 'info',
  fixable: true,
  docs: require('node:path').join(__dirname, 'rename-executable.md'),
  requiresCheckpoints: false,
  schema: {
    type: 'object',
    properties: {
      path: { description: 'Package path of the executable to rename, e.g. `Package\\Load\\Old Name`', type: 'string', minLength: 1 },
      to: { description: 'Its new name', type: 'string', minLength: 1 },
    },
    required: ['path', 'to'],
  },

  run(pkg, context) {
    const { path, to } = context.options;
    for (const executable of selectExecutables(pkg, { where: (executable) => executable.path === path })) {
      if (executable.name === to) continue;
      context.report({
        executable,
        message: `'${executable.name}' renamed to '${to}'`,
        edits: renameExecutable(pkg, executable, to),
      });
    }
  },
};

module.exports = renameExecutableTransform;
