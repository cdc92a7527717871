export type { CallModel, ModelEvent, NodeModelRequest } from './callModel';
export { loadRunnerConfig, type RunnerConfig } from './config';
export { createCallModel } from './createCallModel';
export { type ExecuteRunOptions, executeRun, type RunOutcome } from './executeRun';
export { openRunDocument, type RunDocument } from './openRunDocument';
export type { ApprovalGate, ApprovalOutcome } from './RunNodeContext';
export { type HeadlessRunOptions, type HeadlessRunResult, runHeadless } from './runHeadless';
export { type RunnerHandle, type StartRunnerOptions, startRunner } from './startRunner';
