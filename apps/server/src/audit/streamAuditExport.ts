import type { AuditEvent } from '@synapse/db';
import type { AuditExportFormat } from '@synapse/schema/api';
import { csvLine } from '../history/toCsv';

const CSV_HEADER = ['id', 'time', 'workspace_id', 'actor_id', 'actor_name', 'kind', 'target', 'details'];

/** Content type and file extension of each export format. */
export const AUDIT_EXPORT_TYPES: Record<AuditExportFormat, { contentType: string; extension: string }> = {
  jsonl: { contentType: 'application/x-ndjson; charset=utf-8', extension: 'jsonl' },
  csv: { contentType: 'text/csv; charset=utf-8', extension: 'csv' },
};

function jsonLine(e: AuditEvent): string {
  const { id, createdAt, workspaceId, actorId, actorName, kind, target, details } = e;
  return `${JSON.stringify({ id, time: new Date(createdAt).toISOString(), createdAt, workspaceId, actorId, actorName, kind, target, details })}\n`;
}

function csvRecord(e: AuditEvent): string {
  return csvLine([
    e.id,
    new Date(e.createdAt).toISOString(),
    e.workspaceId,
    e.actorId,
    e.actorName,
    e.kind,
    e.target,
    JSON.stringify(e.details),
  ]);
}

/**
 * The export as a byte stream that pulls one page of the keyset scan per read, so the response holds
 * one page in memory and a slow client slows the queries instead of buffering the log. A failure part
 * way errors the stream (the client sees a cut-off download, not a complete-looking file).
 */
export function streamAuditExport(
  pages: AsyncGenerator<AuditEvent[]>,
  format: AuditExportFormat,
  onError: (error: unknown) => void,
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const line = format === 'csv' ? csvRecord : jsonLine;
  let started = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const header = !started && format === 'csv' ? csvLine(CSV_HEADER) : '';
        started = true;
        const next = await pages.next();
        if (next.done) {
          if (header) controller.enqueue(encoder.encode(header));
          controller.close();
          return;
        }
        controller.enqueue(encoder.encode(header + next.value.map(line).join('')));
      } catch (error) {
        onError(error);
        controller.error(error);
      }
    },
    async cancel() {
      await pages.return(undefined);
    },
  });
}
