import { Counter, collectDefaultMetrics, Gauge, Registry } from 'prom-client';

/** The runner's Prometheus metrics, in a registry of its own, with prom-client's default process metrics. */
export interface RunnerMetrics {
  runFinished(status: string): void;
  nodeFinished(status: string): void;
  activeRuns(delta: number): void;
  /** Redis failed and this runner's own breaker or key cooldowns answered instead (ADR 0016). */
  sharedStateFallback(): void;
  render(): Promise<string>;
  contentType: string;
}

export function createMetrics(): RunnerMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];
  const runs = new Counter({
    name: 'synapse_runs_total',
    help: 'Runs finished by this runner, by final status.',
    labelNames: ['status'],
    registers,
  });
  const nodes = new Counter({
    name: 'synapse_nodes_total',
    help: 'Nodes finished by this runner, by final status.',
    labelNames: ['status'],
    registers,
  });
  const active = new Gauge({
    name: 'synapse_active_runs',
    help: 'Runs executing on this runner now.',
    registers,
  });
  const fallbacks = new Counter({
    name: 'synapse_runner_shared_state_fallbacks_total',
    help: 'Breaker and key-cooldown reads and writes answered by this runner alone because Redis failed.',
    registers,
  });
  return {
    sharedStateFallback: () => fallbacks.inc(),
    runFinished: (status) => runs.inc({ status }),
    nodeFinished: (status) => nodes.inc({ status }),
    activeRuns: (delta) => active.inc(delta),
    render: () => registry.metrics(),
    contentType: registry.contentType,
  };
}
