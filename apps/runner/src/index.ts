export { loadRunnerConfig, type RunnerConfig } from './config';
export { type ExecuteRunOptions, executeRun, type RunOutcome } from './executeRun';
export { openRunDocument, type RunDocument } from './openRunDocument';
export { type RunnerHandle, type StartRunnerOptions, startRunner } from './startRunner';
