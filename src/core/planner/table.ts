// The comparison table: its columns, how each sorts, and the text of each cell.
// Unknown prices sort last in either direction and read "price unknown", never $0.
import { formatUsd } from '../report/money';
import { formatInteger } from '../report/textTable';
import type { ModelRow } from './evaluate';
import type { ColumnKey } from './state';

export interface TableColumn {
  key: ColumnKey;
  header: string;
  numeric: boolean;
  value: (row: ModelRow) => number | string | null;
}

const fitValue = (row: ModelRow) => (row.fitsContext === false || row.fitsOutput === false ? 0 : row.fitsContext === true ? 2 : 1);

// Rows sort by model when asked for a column that does not exist.
const MODEL_COLUMN: TableColumn = { key: 'model', header: 'Model', numeric: false, value: (r) => r.model.toLowerCase() };

export const TABLE_COLUMNS: readonly TableColumn[] = [
  MODEL_COLUMN,
  { key: 'inputTokens', header: 'Input tokens', numeric: true, value: (r) => r.inputTokens },
  // List prices per million tokens, input / output; sorts by the input price.
  { key: 'inputPrice', header: 'In/out $/M', numeric: true, value: (r) => r.prices?.inputPerMTok ?? null },
  { key: 'costPerRequest', header: 'Per request', numeric: true, value: (r) => r.costPerRequest },
  { key: 'costPer1k', header: 'Per 1k', numeric: true, value: (r) => r.costPer1kRequests },
  { key: 'costPerMonth', header: 'Per month', numeric: true, value: (r) => r.costPerMonth },
  { key: 'costPerUser', header: 'User/month', numeric: true, value: (r) => r.costPerActiveUserPerMonth },
  { key: 'margin', header: 'Margin/user', numeric: true, value: (r) => r.marginPerUser },
  { key: 'fit', header: 'Fits', numeric: true, value: (r) => (r.known ? fitValue(r) : null) },
  { key: 'saving', header: 'vs current', numeric: true, value: (r) => r.savingVsCurrentPerMonth },
];

export function sortRows(rows: readonly ModelRow[], column: ColumnKey, descending: boolean): ModelRow[] {
  const def = TABLE_COLUMNS.find((c) => c.key === column) ?? MODEL_COLUMN;
  return rows
    .map((row, index) => ({ row, index, value: def.value(row) }))
    .sort((a, b) => {
      // Unknown last whichever way the column is sorted; ties keep the model set's order.
      if (a.value === null || b.value === null) return a.value === b.value ? a.index - b.index : a.value === null ? 1 : -1;
      const order = typeof a.value === 'number' && typeof b.value === 'number' ? a.value - b.value : String(a.value).localeCompare(String(b.value));
      return (descending ? -order : order) || a.index - b.index;
    })
    .map((entry) => entry.row);
}

/** The text of each cell, as the webview shows it (and as the CSV carries it in its "shown" form). */
export function cellText(row: ModelRow, column: ColumnKey): string {
  if (!row.known && column !== 'model') return column === 'costPerRequest' ? 'price unknown' : '—';
  switch (column) {
    case 'model':
      return row.model;
    case 'inputTokens':
      return tokensText(row);
    case 'inputPrice':
      return row.prices ? `$${row.prices.inputPerMTok} / $${row.prices.outputPerMTok}` : '—';
    case 'costPerRequest':
      return formatUsd(row.costPerRequest);
    case 'costPer1k':
      return formatUsd(row.costPer1kRequests);
    case 'costPerMonth':
      return formatUsd(row.costPerMonth);
    case 'costPerUser':
      return row.costPerActiveUserPerMonth === null ? '—' : formatUsd(row.costPerActiveUserPerMonth);
    case 'margin':
      return row.marginPerUser === null ? '—' : `${formatUsd(row.marginPerUser)} (${((row.marginShare ?? 0) * 100).toFixed(1)}%)`;
    case 'fit':
      return row.fitsContext === false || row.fitsOutput === false ? 'does not fit' : row.fitsContext === true ? 'fits' : 'unknown';
    case 'saving': {
      const saving = row.savingVsCurrentPerMonth;
      if (saving === null || row.isCurrent) return '—';
      return saving >= 0 ? `saves ${formatUsd(saving)}/mo` : `+${formatUsd(-saving)}/mo`;
    }
  }
}

function tokensText(row: ModelRow): string {
  if (row.inputTokens === null) return '—';
  if (row.tokensExact) return formatInteger(row.inputTokens);
  const range = row.inputTokensRange;
  return `~${formatInteger(row.inputTokens)}${range ? ` (${formatInteger(range.low)}–${formatInteger(range.high)})` : ''}`;
}
