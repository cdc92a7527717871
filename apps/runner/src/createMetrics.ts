/** A few Prometheus counters and gauges in text exposition format; no client library needed for these. */
export interface RunnerMetrics {
  runFinished(status: string): void;
  nodeFinished(status: string): void;
  activeRuns(delta: number): void;
  render(): string;
}

export function createMetrics(): RunnerMetrics {
  const runs = new Map<string, number>();
  const nodes = new Map<string, number>();
  let active = 0;
  const bump = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);
  const lines = (name: string, help: string, map: Map<string, number>) => [
    `# HELP ${name} ${help}`,
    `# TYPE ${name} counter`,
    ...[...map].map(([status, n]) => `${name}{status="${status}"} ${n}`),
  ];
  return {
    runFinished: (status) => bump(runs, status),
    nodeFinished: (status) => bump(nodes, status),
    activeRuns: (delta) => {
      active += delta;
    },
    render: () =>
      [
        ...lines('synapse_runs_total', 'Runs finished by this runner, by final status.', runs),
        ...lines('synapse_nodes_total', 'Nodes finished by this runner, by final status.', nodes),
        '# HELP synapse_active_runs Runs executing on this runner now.',
        '# TYPE synapse_active_runs gauge',
        `synapse_active_runs ${active}`,
        '',
      ].join('\n'),
  };
}
