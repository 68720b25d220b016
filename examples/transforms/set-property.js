// @ts-check
/**
 * Sets one property on every executable a selector picks, e.g. `DelayValidation=True` on every
 * data flow, optionally only where an XPath test holds inside it:
 *
 *   npx dtsx-codemod --transform examples/transforms/set-property.js \
 *     --rule-option set-property:task=data-flow --rule-option set-property:property=DelayValidation \
 *     --rule-option set-property:value=true examples/transforms/set-property/data-flow-*.input.dtsx
 */
const { evaluateXPath, getProperty, selectExecutables, setFlag, setProperty } = require('dtsx-codemod');

/**
 * @typedef {object} SetPropertyOptions
 * @property {string | undefined} task  a task type: `data-flow`, `execute-sql`, `script`… (any executable when absent)
 * @property {string | undefined} name  a name glob
 * @property {string | undefined} path  a package path glob (`*` one level, `**` any)
 * @property {string | undefined} where  an XPath test evaluated with the executable as context node (prefix DTS bound)
 * @property {string} property  the property to set
 * @property {string | boolean | number} value  true/false set a flag the way the package's format writes flags
 */

/** @type {import('dtsx-codemod').Transform<SetPropertyOptions>} */
const setPropertyTransform = {
  id: 'set-property',
  summary: 'Set one property on every executable a selector picks (DelayValidation on every data flow…).',
  severity: 'info',
  fixable: true,
  docs: require('node:path').join(__dirname, 'set-property.md'),
  requiresCheckpoints: false,
  schema: {
    type: 'object',
    properties: {
      task: { description: 'Task type: data-flow, execute-sql, script, … or the SSIS class name', type: 'string' },
      name: { description: 'Name glob', type: 'string' },
      path: { description: 'Package path glob', type: 'string' },
      where: { description: 'XPath test with the executable as context node', type: 'string' },
      property: { description: 'Property to set, e.g. DelayValidation', type: 'string', minLength: 1 },
      value: { description: 'Its value; true or false for a flag', type: ['string', 'boolean', 'number'] },
    },
    required: ['property', 'value'],
  },

  run(pkg, context) {
    const { task, name, path, where, property, value } = context.options;
    const chosen = selectExecutables(pkg, {
      ...(task === undefined ? {} : { task }),
      ...(name === undefined ? {} : { name }),
      ...(path === undefined ? {} : { path }),
      where: (executable) => where === undefined || evaluateXPath(pkg, `boolean(${where})`, { context: executable.element }) === true,
    });
    for (const executable of chosen) {
      const edits = typeof value === 'boolean' ? setFlag(pkg, executable, property, value) : setProperty(pkg, executable, property, String(value));
      if (edits.length === 0) continue;
      context.report({
        executable,
        message: `${property} was ${getProperty(pkg, executable, property) ?? 'not set'}; set to ${String(value)}`,
        edits,
      });
    }
  },
};

module.exports = setPropertyTransform;
