/** The library entry point: what the CLI uses, for tools that run the transforms themselves. */
export { processBytes, processText, type FileResult, type FileStatus } from './engine/process';
export { runBatch, type BatchOptions } from './engine/run';
export type { FileReport } from './engine/file-job';
export { DEFAULT_RUN_OPTIONS, type Finding, type RunOptions, type Severity, type Transform } from './engine/transform';
export { unifiedDiff } from './report/unified-diff';
export { transforms } from '../transforms';
export { failureScenarios, simulate, simulateAll, DEFAULT_SIMULATION_OPTIONS, type Anomaly, type Explanation, type Scenario, type SimulationOptions } from './restart/simulate';
export { SEMANTICS } from './restart/semantics';
