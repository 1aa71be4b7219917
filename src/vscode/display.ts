// How figures and file-derived text are shown in the editor. Text from a prompt file is untrusted:
// in Markdown every punctuation character is escaped; in plain labels control characters and
// codicon syntax (`$(…)`) are neutralised.
import { formatUsd } from '../core/report';
import { formatInteger } from '../core/report/textTable';
import type { ModelPlan } from '../core/cost';

export { formatUsd, formatInteger };

/** Escapes text for Markdown: no link, image, HTML, command or table syntax survives. */
export function escapeMarkdown(text: string, maxLength = 200): string {
  const clipped = text.length > maxLength ? `${text.slice(0, maxLength)}…` : text;
  return plainLabel(clipped).replace(/[\\`*_{}[\]()#+\-.!|<>~&:$"'=]/g, (char) => `\\${char}`);
}

/** Text for a label (status bar, CodeLens, tree item): one line, no control characters, no icons. */
export function plainLabel(text: string, maxLength = 120): string {
  const oneLine = text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, ' ').replace(/\$\(/g, '$ (');
  return oneLine.length > maxLength ? `${oneLine.slice(0, maxLength)}…` : oneLine;
}

/** Input tokens on a model: exact, or `~` with the estimate's band. */
export function tokensOn(plan: ModelPlan): string {
  if (!plan.known) return '—';
  if (plan.tokensExact) return formatInteger(plan.inputTokens);
  return `~${formatInteger(plan.inputTokens)} (${formatInteger(plan.inputTokensRange.low)}–${formatInteger(plan.inputTokensRange.high)})`;
}

/** Cost per request: exact, `~` when the tokens are estimated, "price unknown" (never $0) when unknown. */
export function costPerRequestOn(plan: ModelPlan): string {
  if (!plan.known) return 'price unknown';
  return `${plan.tokensExact ? '' : '~'}${formatUsd(plan.costPerRequest)}`;
}

export function costPerMonthOn(plan: ModelPlan): string {
  if (!plan.known) return 'price unknown';
  return `${plan.tokensExact ? '' : '~'}${formatUsd(plan.costPerMonth)}`;
}

export function plural(count: number, word: string): string {
  return `${formatInteger(count)} ${word}${count === 1 ? '' : 's'}`;
}
