import type { OptionsSchema, RuleOptions, Transform } from './transform';

/** Options a rule does not accept: names the rule and the option, as a one-line message. */
export class RuleOptionsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RuleOptionsError';
  }
}

/**
 * A rule's options as its `run` sees them: what the user gave, checked against the rule's schema,
 * with each property's `default` filled in. Options are checked where they come in (the CLI, the
 * config, the tester); Ajv is loaded only then, as it costs about 90 ms to load.
 */
export function resolveRuleOptions(transform: Transform, given: unknown): RuleOptions {
  const schema = transform.schema;
  if (given === undefined) return defaultsOf(schema);
  if (!schema) {
    if (isEmptyObject(given)) return {};
    throw new RuleOptionsError(`rule "${transform.id}" takes no options`);
  }
  if (typeof given !== 'object' || given === null || Array.isArray(given)) throw new RuleOptionsError(`rule "${transform.id}": options must be an object`);
  const options = { ...defaultsOf(schema), ...given };
  const validate = validator(schema);
  if (!validate(options)) throw new RuleOptionsError(`rule "${transform.id}": ${describeProblem(schema, validate.errors![0])}`);
  return options;
}

/** Options already checked (`resolveRuleOptions`), with the defaults of any the caller left out: what the engine hands a rule. */
export function withDefaults(transform: Transform, checked: RuleOptions | undefined): RuleOptions {
  return { ...defaultsOf(transform.schema), ...checked };
}

function isEmptyObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).length === 0;
}

function defaultsOf(schema: OptionsSchema | undefined): RuleOptions {
  const defaults: Record<string, unknown> = {};
  for (const [name, property] of Object.entries(schema?.properties ?? {})) if (property.default !== undefined) defaults[name] = property.default;
  return defaults;
}

interface AjvError {
  readonly instancePath: string;
  readonly keyword: string;
  readonly message?: string;
  readonly params: Record<string, unknown>;
}

type Validate = ((data: unknown) => boolean) & { errors?: AjvError[] | null };

const validators = new WeakMap<OptionsSchema, Validate>();

function validator(schema: OptionsSchema): Validate {
  let validate = validators.get(schema);
  if (!validate) {
    const Ajv = (require('ajv') as typeof import('ajv')).default;
    // Unknown options are errors unless a schema says otherwise, as in ESLint.
    validate = new Ajv({ allErrors: false, strict: false }).compile({ additionalProperties: false, ...schema }) as Validate;
    validators.set(schema, validate);
  }
  return validate;
}

function describeProblem(schema: OptionsSchema, error: AjvError): string {
  if (error.keyword === 'additionalProperties') {
    return `unknown option "${String(error.params.additionalProperty)}" (known: ${Object.keys(schema.properties).join(', ') || 'none'})`;
  }
  if (error.keyword === 'required') return `option "${String(error.params.missingProperty)}" is required`;
  const option = error.instancePath.replace(/^\//, '').replace(/\//g, '.');
  const detail = error.keyword === 'enum' ? `must be one of ${(error.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}` : error.message;
  return `option "${option}" ${detail}`;
}
