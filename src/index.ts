/**
 * dtsx-codemod's public API: what a user transform, a formatter or a tool that runs transforms
 * itself may use (docs/writing-transforms.md). Everything else is internal and may change.
 */

// The transform contract.
export type {
  Finding,
  OptionSchema,
  OptionsSchema,
  Report,
  RestartSummary,
  RuleOptions,
  RunOptions,
  Settings,
  Severity,
  Transform,
  TransformContext,
} from './engine/transform';
export { DEFAULT_RUN_OPTIONS } from './engine/transform';
import type { Transform } from './engine/transform';
import { loadTransformModule } from './engine/transform-modules';
export { resolveRuleOptions, RuleOptionsError } from './engine/rule-options';
export { loadTransformModule };

// The dialect-neutral model.
export type {
  CheckpointSettings,
  ConnectionManager,
  Executable,
  ExecutableKind,
  PackageModel,
  PrecedenceConstraint,
  PropertyExpression,
  Variable,
} from './model/package';
export { closestAncestor, descendantsOf, hasAncestor, isContainer, isDisabled, isLoop } from './model/package';
export { parsePackage } from './model/parse-package';
export { availableName, derivedDtsid } from './model/identity';

// Edits: each returns the edits of one change, for a transform to report.
export type { Edit } from './edit/edit';
export { clearProperty, getProperty, insertExecutable, removeExecutable, renameExecutable, setConnectionString, setFlag, setProperty, type PropertyOwner } from './model/edits';
export { wrapInSequence, type Wrapper } from './model/wrap-in-sequence';
export { replaceInNode, setAttribute, setText } from './query/node-edits';

// Queries.
export { selectExecutables, taskType, type ExecutableSelector } from './query/selectors';
export { evaluateXPath, selectNodes, type XPathNode, type XPathOptions, type XPathValue } from './query/xpath';
export type { SourceRange } from './xml/dom-view';
export type { XmlAttribute, XmlDocument, XmlElement } from './xml/tree';

// Running transforms.
export { processBytes, processText, type FileResult, type FileStatus } from './engine/process';
export { runBatch, type BatchOptions } from './engine/run';
export type { CollectedFile, FileCollector, FileReport } from './engine/file-job';
export { unifiedDiff } from './edit/unified-diff';
export type { ChangedRegion, ChangedRegions } from './edit/change-map';
export type { Formatter, FormatterContext, FormatterFactory } from './report/formatter';

// The built-in rules (loaded as a module, so that a batch can hand them to its worker threads) and the restart simulator.
export const transforms: readonly Transform[] = loadTransformModule(require.resolve('../transforms'));
export { failureScenarios, simulate, simulateAll, DEFAULT_SIMULATION_OPTIONS, type Anomaly, type Explanation, type Scenario, type SimulationOptions } from './restart/simulate';
export { SEMANTICS } from './restart/semantics';
