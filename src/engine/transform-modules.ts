import path from 'node:path';
import type { Transform } from './transform';

/**
 * Transforms come from modules, the built-in ones as much as a user's: a worker thread cannot be
 * handed a function, so a job names each transform by the module that exports it and its id, and
 * the worker loads that module itself (once per thread).
 */
export interface TransformReference {
  /** Absolute path of the module. */
  readonly module: string;
  readonly id: string;
}

/** The module each loaded transform came from, so the batch can name it to a worker. */
const modules = new WeakMap<Transform, string>();
const loaded = new Map<string, readonly Transform[]>();

/**
 * Every transform a module exports: `module.exports` itself, its default export, each named export,
 * and the members of exported arrays (as `transforms/index` exports the built-in list).
 */
export function loadTransformModule(file: string): readonly Transform[] {
  const absolute = path.resolve(file);
  const cached = loaded.get(absolute);
  if (cached) return cached;
  let exported: unknown;
  try {
    exported = require(absolute);
  } catch (error) {
    const hint = /\.[cm]?ts$/.test(absolute) ? " (a TypeScript module needs a loader, e.g. NODE_OPTIONS='--import tsx' with tsx installed; see docs/writing-transforms.md)" : '';
    throw new Error(`cannot load transform module ${absolute}: ${firstLine(error)}${hint}`);
  }
  const found = new Set<Transform>();
  const visit = (value: unknown) => {
    if (isTransform(value)) found.add(value);
    else if (Array.isArray(value)) value.filter(isTransform).forEach((t) => found.add(t));
  };
  visit(exported);
  if (exported && typeof exported === 'object') for (const value of Object.values(exported)) visit(value);
  const transforms = [...found];
  if (transforms.length === 0) throw new Error(`${absolute} exports no transform (an object with an \`id\` and a \`run\` function)`);
  for (const transform of transforms) if (!modules.has(transform)) modules.set(transform, absolute);
  loaded.set(absolute, transforms);
  return transforms;
}

/** The module `transform` was loaded from, or undefined for one made in this thread (which then runs here). */
export function transformModuleOf(transform: Transform): string | undefined {
  return modules.get(transform);
}

/** The transforms a job names, loaded in this thread. */
export function resolveTransforms(references: readonly TransformReference[]): Transform[] {
  return references.map(({ module, id }) => {
    const transform = loadTransformModule(module).find((t) => t.id === id);
    if (!transform) throw new Error(`${module} exports no transform "${id}"`);
    return transform;
  });
}

function isTransform(value: unknown): value is Transform {
  return typeof value === 'object' && value !== null && typeof (value as Transform).id === 'string' && typeof (value as Transform).run === 'function';
}

function firstLine(error: unknown): string {
  return String((error as Error)?.message ?? error).split('\n')[0];
}
