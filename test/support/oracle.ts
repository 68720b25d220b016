import { DOMParser, type Document, type Element } from '@xmldom/xmldom';
import * as xpath from 'xpath';

/**
 * An independent reading of the same file through xmldom and xpath, used only by tests to check
 * our saxes-based ranges and model. xpath's d.ts is typed against lib.dom, hence the casts here.
 */
export function oracleDocument(text: string): Document {
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  return new DOMParser({
    normalizeLineEndings: (s: string) => s.replace(/\r\n?/g, '\n'),
    onError: (level: string, message: string) => {
      if (level !== 'warning') throw new Error(message);
    },
  }).parseFromString(source, 'text/xml');
}

const select = xpath.useNamespaces({ DTS: 'www.microsoft.com/SqlServer/Dts' });

export function selectNodes(expression: string, node: Document | Element): Element[] {
  return select(expression, node as unknown as Node) as unknown as Element[];
}

export function selectStrings(expression: string, node: Document | Element): string[] {
  return (select(expression, node as unknown as Node) as unknown as { value?: string; textContent?: string }[]).map(
    (n) => n.value ?? n.textContent ?? '',
  );
}
