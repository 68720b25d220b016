import type { PackageModel } from '../model/package';
import { DTS } from '../model/names';
import { domView, type ViewNode } from '../xml/dom-view';
import type { XmlDocument, XmlElement } from '../xml/tree';

/**
 * XPath 1.0 over a package, for what the model does not cover (task payloads, connection strings,
 * data-flow components): the `xpath` package evaluates the expression over a DOM view of the
 * lossless tree (../xml/dom-view.ts), so nothing is parsed again and every node found knows
 * where it is written. `xpath` is loaded on the first query: runs without one never pay for it.
 */

/** A node a query found: element, attribute, text, CDATA, comment or PI, with its `range` in the package text. */
export type XPathNode = ViewNode;
export type XPathValue = XPathNode[] | string | number | boolean;

export interface XPathOptions {
  /** Prefixes the expression uses, beside `DTS` (`www.microsoft.com/SqlServer/Dts`), which is always bound. */
  readonly namespaces?: Readonly<Record<string, string>>;
  /** Values of `$name` variables in the expression. */
  readonly variables?: Readonly<Record<string, string | number | boolean>>;
  /** The context node: an element of the package (an executable's `element`), else the document. */
  readonly context?: XmlElement;
}

interface ParsedExpression {
  evaluate(options: { node: unknown; namespaces: Record<string, string>; variables?: Record<string, unknown> }): {
    toArray?: () => ViewNode[];
    stringValue(): string;
    numberValue(): number;
    booleanValue(): boolean;
    constructor: { name: string };
  };
}

interface XPathModule {
  parse(expression: string): ParsedExpression;
}

let xpathModule: XPathModule | undefined;
const parsed = new Map<string, ParsedExpression>();

function compile(expression: string): ParsedExpression {
  let compiled = parsed.get(expression);
  if (!compiled) {
    xpathModule ??= require('xpath') as XPathModule;
    try {
      compiled = xpathModule.parse(expression);
    } catch (error) {
      throw new Error(`invalid XPath expression "${expression}": ${(error as Error).message}`);
    }
    parsed.set(expression, compiled);
  }
  return compiled;
}

/** Evaluates an XPath 1.0 expression: a node-set comes back as nodes in document order, anything else as its value. */
export function evaluateXPath(target: PackageModel | XmlDocument, expression: string, options: XPathOptions = {}): XPathValue {
  const doc = 'doc' in target ? target.doc : target;
  const view = domView(doc);
  const result = compile(expression).evaluate({
    node: options.context ? view.element(options.context) : view,
    namespaces: { DTS, ...options.namespaces },
    variables: options.variables,
  });
  if (result.toArray) return result.toArray();
  switch (result.constructor.name) {
    case 'XNumber':
      return result.numberValue();
    case 'XBoolean':
      return result.booleanValue();
    default:
      return result.stringValue();
  }
}

/** The nodes an XPath expression selects, in document order; an expression that gives no node-set is an error. */
export function selectNodes(target: PackageModel | XmlDocument, expression: string, options: XPathOptions = {}): XPathNode[] {
  const value = evaluateXPath(target, expression, options);
  if (!Array.isArray(value)) throw new Error(`XPath expression "${expression}" gives a ${typeof value}, not nodes`);
  return value;
}
