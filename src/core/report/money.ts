// How dollar amounts read in every report: enough digits to compare small per-request figures.

/** `$0.00773`, `$12.40`, `$2,318`; "price unknown" for a figure that is not a number (never "$0"). */
export function formatUsd(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return 'price unknown';
  const abs = Math.abs(value);
  if (abs === 0) return '$0';
  if (abs >= 1000) return `$${Math.round(value).toLocaleString('en-US')}`;
  if (abs >= 1) return `$${value.toFixed(2)}`;
  return `$${value.toPrecision(3)}`;
}
