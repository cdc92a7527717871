import { formatTime } from './formatTime';

/** A stored key's table cells: its masked hint and when a run last used it. */
export function KeyHintCells({ hint, lastUsedAt }: { hint: string; lastUsedAt: number | null }) {
  return (
    <>
      <td className="data-table__nowrap">
        <code>{hint}</code>
      </td>
      <td className="muted data-table__nowrap">{lastUsedAt ? formatTime(lastUsedAt) : 'never'}</td>
    </>
  );
}
