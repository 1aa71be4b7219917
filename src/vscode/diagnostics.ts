// Problems panel entries for prompt files, each with the money at stake: over the context window or
// output limit, variable content before static content (what reordering saves a month), a static
// prefix just below the provider's caching minimum, over the budget per request, and the parser's
// own diagnostics. Codes are stable, so quick fixes and tests can find them.
import * as vscode from 'vscode';
import { templateSyntaxOf, type DiagnosticCode } from '../core';
import { findVariables } from '../core/formats/variables';
import type { KnownModelPlan } from '../core/cost';
import { formatInteger, formatUsd, plainLabel } from './display';
import type { PromptAnalysis, RequestAnalysis } from './promptAnalysis';

/** The cost findings' codes, from the core's one list of diagnostic codes (`DIAGNOSTIC_CODES`). */
export const COST_CODES = {
  contextOverflow: 'context-overflow',
  outputLimit: 'output-limit',
  cacheOrder: 'cache-busting-order',
  prefixBelowMinimum: 'cache-prefix-too-short',
  overBudget: 'over-budget',
} as const satisfies Record<string, DiagnosticCode>;

/** "Just below" the caching minimum: within this share of it, adding static text is worth suggesting. */
const NEAR_MINIMUM = 0.75;
export const DIAGNOSTIC_SOURCE = 'LLM Cost';

export function diagnosticsFor(analysis: PromptAnalysis, document: vscode.TextDocument): vscode.Diagnostic[] {
  const found: vscode.Diagnostic[] = [];
  const lineRange = (line: number) => {
    const index = Math.min(Math.max(line - 1, 0), document.lineCount - 1);
    return document.lineAt(index).range;
  };
  const add = (range: vscode.Range, message: string, severity: vscode.DiagnosticSeverity, code: DiagnosticCode) => {
    const diagnostic = new vscode.Diagnostic(range, plainLabel(message, 500), severity);
    diagnostic.source = DIAGNOSTIC_SOURCE;
    diagnostic.code = code;
    found.push(diagnostic);
  };
  for (const problem of analysis.parsed.diagnostics) {
    const severity =
      problem.severity === 'error'
        ? vscode.DiagnosticSeverity.Error
        : problem.severity === 'warning'
          ? vscode.DiagnosticSeverity.Warning
          : vscode.DiagnosticSeverity.Information;
    // The parser's range when it has one, else its whole line.
    const range =
      problem.range.end > problem.range.start
        ? new vscode.Range(document.positionAt(problem.range.start), document.positionAt(problem.range.end))
        : lineRange(problem.line);
    add(range, problem.message, severity, problem.code);
  }
  for (const request of analysis.requests) {
    const plan = request.shown;
    if (!plan.known) continue;
    const at = lineRange(request.line);
    const model = plan.requestedAs;
    if (plan.fit.fitsContext === false && plan.fit.contextWindow !== null) {
      add(
        at,
        `${formatInteger(plan.inputTokens + plan.outputTokens)} tokens (input and output) exceed ${model}'s context window of ${formatInteger(plan.fit.contextWindow)}: this request would be refused (${formatUsd(plan.costPerMonth)}/month planned on it).`,
        vscode.DiagnosticSeverity.Error,
        COST_CODES.contextOverflow,
      );
    }
    if (plan.fit.fitsOutput === false && plan.fit.maxOutputTokens !== null) {
      add(
        at,
        `${formatInteger(plan.outputTokens)} output tokens requested, above ${model}'s limit of ${formatInteger(plan.fit.maxOutputTokens)}: answers will be cut (or refused).`,
        vscode.DiagnosticSeverity.Warning,
        COST_CODES.outputLimit,
      );
    }
    const reorder = plan.potentialSavings.reorderForCaching;
    if (reorder !== null && reorder > 0 && plan.caching.reorder) {
      add(
        firstVariableRange(analysis, request, document) ?? at,
        `Variable content comes before ${formatInteger(plan.caching.reorder.movableStaticTokens)} tokens of static text, so ${model} cannot cache them: putting variable content last would save ${formatUsd(reorder)}/month.`,
        vscode.DiagnosticSeverity.Warning,
        COST_CODES.cacheOrder,
      );
    }
    const nearMinimum = prefixJustBelowMinimum(plan);
    if (nearMinimum) add(at, nearMinimum, vscode.DiagnosticSeverity.Information, COST_CODES.prefixBelowMinimum);
    if (plan.overBudget && analysis.scenario.budgetPerRequest !== null) {
      const budget = analysis.scenario.budgetPerRequest;
      const overPerMonth = plan.costPerMonth - (plan.costPerMonth * budget) / plan.costPerRequest;
      add(
        at,
        `${formatUsd(plan.costPerRequest)} per request on ${model}, over the budget of ${formatUsd(budget)} (${formatUsd(overPerMonth)}/month over).`,
        vscode.DiagnosticSeverity.Warning,
        COST_CODES.overBudget,
      );
    }
  }
  return found;
}

function prefixJustBelowMinimum(plan: KnownModelPlan): string | null {
  const { staticPrefixTokens, minPrefixTokens, cacheablePrefixTokens } = plan.caching;
  if (minPrefixTokens === null || cacheablePrefixTokens > 0 || staticPrefixTokens >= minPrefixTokens || staticPrefixTokens < NEAR_MINIMUM * minPrefixTokens)
    return null;
  return `The static prefix is ${formatInteger(staticPrefixTokens)} tokens, just below ${plan.requestedAs}'s minimum of ${formatInteger(minPrefixTokens)} for prompt caching: ${formatInteger(minPrefixTokens - staticPrefixTokens)} more tokens of static text before the first variable would make it cacheable (today caching saves nothing).`;
}

function firstVariableRange(analysis: PromptAnalysis, request: RequestAnalysis, document: vscode.TextDocument): vscode.Range | undefined {
  const syntax = templateSyntaxOf(analysis.parsed.format);
  if (syntax === null) return undefined;
  const index = analysis.requests.indexOf(request);
  for (const message of analysis.parsed.messages) {
    if (message.request !== index) continue;
    const use = findVariables(message.text, syntax)[0];
    if (use) {
      const start = document.positionAt(message.startOffset + use.offset);
      return new vscode.Range(start, start.translate(0, use.name.length));
    }
  }
  return undefined;
}

/** Keeps the Problems panel in step with the analyses of open prompt documents. */
export class PromptDiagnostics implements vscode.Disposable {
  readonly collection = vscode.languages.createDiagnosticCollection('llmCost');

  update(analysis: PromptAnalysis): void {
    const document = vscode.workspace.textDocuments.find((candidate) => candidate.uri.toString() === analysis.uri.toString());
    if (!document || document.version !== analysis.version) return;
    this.collection.set(analysis.uri, diagnosticsFor(analysis, document));
  }

  forget(uri: vscode.Uri): void {
    this.collection.delete(uri);
  }

  dispose(): void {
    this.collection.dispose();
  }
}
