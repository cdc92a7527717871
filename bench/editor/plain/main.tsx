// The baseline a user would otherwise pick: React Flow rendering the same graph from plain JSON (no
// Yjs, no IndexedDB, no sync), with React Flow's default nodes. `window.__benchGraph` is injected.
import '@xyflow/react/dist/style.css';
import { type Edge, type Node, ReactFlow } from '@xyflow/react';
import { useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';

interface PlainGraph {
  nodes: { id: string; position: { x: number; y: number }; label: string }[];
  edges: { id: string; source: string; target: string }[];
}

declare global {
  interface Window {
    __benchGraph: PlainGraph;
    __benchMove(targets: Record<string, { x: number; y: number }>): void;
  }
}

const graph = window.__benchGraph;
const initialNodes: Node[] = graph.nodes.map((n) => ({
  id: n.id,
  position: n.position,
  data: { label: n.label },
}));
const edges: Edge[] = graph.edges.map((e) => ({ id: e.id, source: e.source, target: e.target }));

function App() {
  const [nodes, setNodes] = useState(initialNodes);
  useEffect(() => {
    window.__benchMove = (targets) =>
      setNodes((prev) =>
        prev.map((n) => (targets[n.id] ? { ...n, position: targets[n.id] as Node['position'] } : n)),
      );
  }, []);
  return <ReactFlow nodes={nodes} edges={edges} fitView minZoom={0.05} />;
}

const root = document.getElementById('root');
if (root) createRoot(root).render(<App />);
