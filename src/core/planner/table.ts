// The comparison table: its columns, how each sorts, the text of each cell, and the CSV export.
// Unknown prices sort last in either direction and read "price unknown", never $0.
import { formatUsd } from '../planReportText';
import { formatInteger } from '../textTable';
import type { ModelRow } from './evaluate';
import type { ColumnKey } from './state';

export interface TableColumn {
  key: ColumnKey;
  header: string;
  numeric: boolean;
  value: (row: ModelRow) => number | string | null;
}

const fitValue = (row: ModelRow) => (row.fitsContext === false || row.fitsOutput === false ? 0 : row.fitsContext === true ? 2 : 1);

export const TABLE_COLUMNS: readonly TableColumn[] = [
  { key: 'model', header: 'Model', numeric: false, value: (r) => r.model.toLowerCase() },
  { key: 'inputTokens', header: 'Input tokens', numeric: true, value: (r) => r.inputTokens },
  { key: 'inputPrice', header: 'Input $/M', numeric: true, value: (r) => r.prices?.inputPerMTok ?? null },
  { key: 'outputPrice', header: 'Output $/M', numeric: true, value: (r) => r.prices?.outputPerMTok ?? null },
  { key: 'costPerRequest', header: 'Per request', numeric: true, value: (r) => r.costPerRequest },
  { key: 'costPer1k', header: 'Per 1k requests', numeric: true, value: (r) => r.costPer1kRequests },
  { key: 'costPerMonth', header: 'Per month', numeric: true, value: (r) => r.costPerMonth },
  { key: 'costPerUser', header: 'Per user/month', numeric: true, value: (r) => r.costPerActiveUserPerMonth },
  { key: 'margin', header: 'Margin/user', numeric: true, value: (r) => r.marginPerUser },
  { key: 'fit', header: 'Fits', numeric: true, value: (r) => (r.known ? fitValue(r) : null) },
  { key: 'saving', header: 'vs current/month', numeric: true, value: (r) => r.savingVsCurrentPerMonth },
];

export function sortRows(rows: readonly ModelRow[], column: ColumnKey, descending: boolean): ModelRow[] {
  const def = TABLE_COLUMNS.find((c) => c.key === column) ?? TABLE_COLUMNS[0];
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
      return row.prices ? `$${row.prices.inputPerMTok}` : '—';
    case 'outputPrice':
      return row.prices ? `$${row.prices.outputPerMTok}` : '—';
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
      return saving >= 0 ? `saves ${formatUsd(saving)}` : `costs ${formatUsd(-saving)} more`;
    }
  }
}

function tokensText(row: ModelRow): string {
  if (row.inputTokens === null) return '—';
  if (row.tokensExact) return formatInteger(row.inputTokens);
  const range = row.inputTokensRange;
  return `~${formatInteger(row.inputTokens)}${range ? ` (${formatInteger(range.low)}–${formatInteger(range.high)})` : ''}`;
}

const CSV_HEADER = [
  'model', 'provider', 'known', 'reason', 'tokens_exact', 'input_tokens', 'input_tokens_low', 'input_tokens_high', 'output_tokens',
  'input_per_mtok', 'output_per_mtok', 'cache_read_per_mtok', 'cache_write_per_mtok', 'price_source', 'price_as_of',
  'cost_per_request', 'cost_per_1k_requests', 'cost_per_month', 'cost_per_active_user_per_month', 'margin_per_user', 'margin_share',
  'fits_context', 'fits_output', 'saving_vs_current_per_month', 'over_budget', 'current', 'cheapest_that_fits',
];

/** RFC 4180 CSV of the table, numbers unrounded. Text cells that a spreadsheet would run as a formula are defused. */
export function tableAsCsv(rows: readonly ModelRow[]): string {
  const cell = (value: unknown): string => {
    if (value === null || value === undefined) return '';
    let text = String(value);
    if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
    return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  const lines = rows.map((r) =>
    [
      r.model, r.provider, r.known, r.reason, r.tokensExact, r.inputTokens, r.inputTokensRange?.low, r.inputTokensRange?.high, r.outputTokens,
      r.prices?.inputPerMTok, r.prices?.outputPerMTok, r.prices?.cacheReadPerMTok, r.prices?.cacheWritePerMTok, r.prices?.source, r.prices?.asOf,
      r.costPerRequest, r.costPer1kRequests, r.costPerMonth, r.costPerActiveUserPerMonth, r.marginPerUser, r.marginShare,
      r.fitsContext, r.fitsOutput, r.savingVsCurrentPerMonth, r.overBudget, r.isCurrent, r.isCheapest,
    ].map(cell).join(','),
  );
  return [CSV_HEADER.join(','), ...lines].join('\r\n') + '\r\n';
}
