import type { ApprovalGate } from '@synapse/runner';
import { terminalSafe } from './terminalSafe';

/**
 * `synapse run`'s Human approval: with `--approve` every request is approved as proposed; otherwise the
 * question is asked on the terminal (y: approve, e: type a new value, anything else: reject). Without
 * a terminal to ask, and without `--approve`, the request is rejected, saying why.
 */
export function createTerminalApprovalGate(options: {
  autoApprove: boolean;
  /** Asks one line on the terminal; absent when stdin is not a terminal. */
  ask?: (question: string) => Promise<string>;
  stderr(text: string): void;
}): ApprovalGate {
  return {
    async ask(_nodeId, request) {
      if (options.autoApprove) {
        options.stderr('✓ approved (--approve)\n');
        return { decision: 'approved', value: null, comment: null, decidedByName: 'synapse run --approve' };
      }
      if (!options.ask)
        return {
          decision: 'rejected',
          value: null,
          comment: 'no terminal to ask; pass --approve to approve unattended',
          decidedByName: 'synapse run',
        };
      options.stderr(`\n? ${terminalSafe(request.message)}\n${terminalSafe(request.value)}\n`);
      const answer = (await options.ask('Approve? [y]es / [e]dit / [N]o: ')).trim().toLowerCase();
      if (answer === 'y' || answer === 'yes')
        return { decision: 'approved', value: null, comment: null, decidedByName: 'terminal' };
      if (answer === 'e' || answer === 'edit') {
        if (request.fields.length === 0) {
          const value = await options.ask('New value: ');
          return { decision: 'approved', value, comment: null, decidedByName: 'terminal' };
        }
        const values: Record<string, string> = {};
        for (const f of request.fields) values[f.name] = await options.ask(`${terminalSafe(f.label)}: `);
        return {
          decision: 'approved',
          value: JSON.stringify(values),
          comment: null,
          decidedByName: 'terminal',
        };
      }
      return { decision: 'rejected', value: null, comment: null, decidedByName: 'terminal' };
    },
  };
}
