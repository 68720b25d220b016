import { parseXml } from '../xml/parse';
import { buildPackageModel, unsupportedReason, type PackageModel } from './package';

/** A package's model from its text (what the engine gives a transform), or an error saying why there is none. */
export function parsePackage(text: string, fileName = '<package>'): PackageModel {
  const doc = parseXml(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, fileName);
  const reason = unsupportedReason(doc);
  if (reason) throw new Error(`${fileName}: ${reason}`);
  return buildPackageModel(doc);
}
