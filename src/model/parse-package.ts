import { parseXml } from '../xml/parse';
import { DTS } from './names';
import { buildPackageModel, unsupportedReason, type PackageModel } from './package';

/** A package's model from its text (what the engine gives a transform), or an error saying why there is none. */
export function parsePackage(text: string, fileName = '<package>'): PackageModel {
  const doc = parseXml(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, fileName);
  const reason = unsupportedReason(doc);
  if (reason) throw new Error(`${fileName}: ${reason}`);
  return buildPackageModel(doc);
}

/** Task payloads (pipelines, scripts, queries): most of a package's text, and nothing of its structure or layout. */
const PAYLOAD = { uri: DTS, local: 'ObjectData' };

/**
 * The model of a package text read as an outline: its task payloads are skipped, unchecked, and
 * come without content. Enough to lay its shapes out (`Dialect.settleLayout`); never to verify a
 * text, nor to run a transform on.
 */
export function packageOutline(text: string, fileName: string): PackageModel {
  return buildPackageModel(parseXml(text, fileName, { opaque: PAYLOAD }));
}
