/** The DTS namespace URI, literally without `http://`. */
export const DTS = 'www.microsoft.com/SqlServer/Dts';
/** XML Encryption, the root of a package saved with a whole-body encryption level. */
export const XMLENC = 'http://www.w3.org/2001/04/xmlenc#';

/** Reads an SSIS boolean in either dialect's spelling (`-1`/`0`, `True`/`False`). */
export function parseBoolean(raw: string | undefined): boolean | undefined {
  if (raw === undefined) return undefined;
  const value = raw.trim().toLowerCase();
  if (value === '-1' || value === '1' || value === 'true') return true;
  if (value === '0' || value === 'false' || value === '') return false;
  return undefined;
}

/** The prefix this file binds to the DTS namespace, as seen on `element` (almost always `DTS`). */
export function dtsPrefix(element: { name: string; uri: string; attributes: readonly { name: string; uri: string }[] }): string {
  const attribute = element.attributes.find((a) => a.uri === DTS && a.name.includes(':'));
  if (attribute) return attribute.name.slice(0, attribute.name.indexOf(':'));
  if (element.uri === DTS && element.name.includes(':')) return element.name.slice(0, element.name.indexOf(':'));
  return 'DTS';
}
