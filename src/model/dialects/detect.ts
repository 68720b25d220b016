import type { XmlElement } from '../../xml/tree';
import { DTS } from '../names';
import { attributesDialect } from './attributes';
import type { Dialect } from './dialect';
import { propertyElementsDialect } from './property-elements';

/** PackageFormatVersion, which both dialects keep as a `DTS:Property` child of the root. */
export function packageFormatVersion(root: XmlElement): number | undefined {
  const property = root.elements(DTS, 'Property').find((p) => p.attribute(DTS, 'Name')?.value === 'PackageFormatVersion');
  const value = Number(property?.text?.trim());
  return property && Number.isInteger(value) ? value : undefined;
}

/** 2 and 3 are the 2005/2008 property-element format; 6 and later the 2012+ attribute format. */
export function detectDialect(root: XmlElement): Dialect {
  const version = packageFormatVersion(root);
  if (version !== undefined) return version >= 6 ? attributesDialect : propertyElementsDialect;
  return root.attribute(DTS, 'refId') ? attributesDialect : propertyElementsDialect;
}
