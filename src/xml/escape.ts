/**
 * Escapes an attribute value the way the SSIS designer writes it: the five XML entities plus
 * character references for CR, LF and TAB (which attribute-value normalisation would otherwise
 * turn into spaces).
 */
export function escapeAttribute(value: string): string {
  return value.replace(/[&<>"\r\n\t]/g, (c) => ATTRIBUTE_ESCAPES[c]);
}

/** Escapes element text as the designer does: `&lt; &gt; &amp;`, CR kept as `&#xD;`. */
export function escapeText(value: string): string {
  return value.replace(/[&<>\r]/g, (c) => ATTRIBUTE_ESCAPES[c]);
}

const ATTRIBUTE_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  '\r': '&#xD;',
  '\n': '&#xA;',
  '\t': '&#x9;',
};
