// The hover: tokens of the message under the cursor and of the whole request, the cost per request
// on the shown model and the first compared ones, the cacheable prefix and what caching saves; on a
// template variable, its sample (or assumed size) and share of the tokens. Markdown built only from
// escaped file text; the only command links are our own fixed ids.
import * as vscode from 'vscode';
import { templateSyntaxOf } from '../core';
import type { KnownModelPlan } from '../core/cost';
import { COMMANDS } from './commands';
import { costPerMonthOn, costPerRequestOn, escapeMarkdown, formatInteger, formatUsd, plural, tokensOn } from './display';
import type { PromptAnalyses, PromptAnalysis, RequestAnalysis } from './promptAnalysis';
import { now, type Timings } from './timings';

/** Models shown in a hover besides the shown one: enough to compare at a glance. */
const COMPARED_IN_HOVER = 3;

export class PromptHoverProvider implements vscode.HoverProvider {
  constructor(
    private readonly analyses: PromptAnalyses,
    private readonly timings: Timings,
  ) {}

  async provideHover(document: vscode.TextDocument, position: vscode.Position): Promise<vscode.Hover | undefined> {
    const started = now();
    const analysis = await this.analyses.analyse(document);
    if (!analysis || analysis.requests.length === 0) return undefined;
    const hover = hoverAt(analysis, document, position);
    this.timings.record('hover', now() - started);
    return hover;
  }
}

export function hoverAt(analysis: PromptAnalysis, document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
  const offset = document.offsetAt(position);
  const { parsed, counters } = analysis;
  const message = parsed.messages.find((candidate) => offset >= candidate.startOffset && offset <= candidate.endOffset);
  const request = analysis.requests[message?.request ?? 0] ?? analysis.requests[0];
  const md = new vscode.MarkdownString();
  md.isTrusted = { enabledCommands: [COMMANDS.openPlanner, COMMANDS.chooseModel] };
  md.supportHtml = false;

  const variable = variableAt(analysis, document, position);
  if (variable) {
    md.appendMarkdown(`**Template variable** \`${escapeMarkdown(variable.name, 80)}\`\n\n`);
    if (variable.sample !== null) {
      const tokens = counters.o200k_base.count(variable.sample);
      md.appendMarkdown(`Sample value (${plural(tokens, 'token')}): `);
      md.appendMarkdown(`${escapeMarkdown(variable.sample, 160)}\n\n`);
      md.appendMarkdown(`${shareOf(tokens * variable.uses, request)} of the request's input${variable.uses > 1 ? ` (${variable.uses} uses)` : ''}.\n\n`);
    } else if (variable.sampleFrom) {
      md.appendMarkdown(`Sample read from \`${escapeMarkdown(variable.sampleFrom, 120)}\` (counted, not shown).\n\n`);
    } else {
      const assumed = 100 * variable.uses;
      md.appendMarkdown(
        `No sample value in the file: assumed ${plural(100, 'token')}${variable.uses > 1 ? ` at each of its ${variable.uses} uses` : ''}, ${shareOf(assumed, request)} of the request's input.\n\n`,
      );
    }
    md.appendMarkdown('---\n\n');
  }

  if (message) {
    const lines = message.startLine === message.endLine ? `line ${message.startLine}` : `lines ${message.startLine}–${message.endLine}`;
    md.appendMarkdown(`**${escapeMarkdown(message.role, 40)}** message, ${lines}: ${plural(counters.o200k_base.count(message.text), 'token')} as written\n\n`);
  }
  const label = analysis.requests.length > 1 ? ` ${escapeMarkdown(request.profile.label.slice(request.profile.label.lastIndexOf('(') + 1, -1) || '', 60)}` : '';
  md.appendMarkdown(`**Request${label}**: ${plural(request.profile.inputTokens.o200k_base, 'input token')} (o200k\\_base, variables rendered)\n\n`);
  md.appendMarkdown(costTable(request));
  const shown = request.shown;
  if (shown.known) md.appendMarkdown(cachingLine(shown));
  md.appendMarkdown(assumedLines(request));
  md.appendMarkdown(`\n\n[Compare models…](command:${COMMANDS.openPlanner}) · [Choose model…](command:${COMMANDS.chooseModel})`);
  return new vscode.Hover(md);
}

const ASSUMPTIONS_IN_HOVER = 4;

function costTable(request: RequestAnalysis): string {
  const { comparison, shown } = request;
  const others = comparison.plans.filter((plan) => plan !== shown && plan.requestedAs !== shown.requestedAs).slice(0, COMPARED_IN_HOVER);
  const rows = [shown, ...others].map((plan) => {
    const tags = [plan.requestedAs === comparison.currentModel ? 'current' : '', plan === shown ? 'shown' : ''].filter(Boolean).join(', ');
    const name = `${escapeMarkdown(plan.requestedAs, 60)}${tags ? ` (${tags})` : ''}`;
    const range = plan.known && !plan.tokensExact ? ` (${formatUsd(plan.costPerRequestRange.low)}–${formatUsd(plan.costPerRequestRange.high)})` : '';
    return `| ${name} | ${escapeMarkdown(tokensOn(plan))} | ${escapeMarkdown(costPerRequestOn(plan) + range)} | ${escapeMarkdown(costPerMonthOn(plan))} |`;
  });
  return ['| Model | Input tokens | Per request | Per month |', '| --- | ---: | ---: | ---: |', ...rows].join('\n') + '\n\n';
}

/**
 * What the figure shown rests on besides the counted text (a default output, an assumed image size, a
 * reviewed price correction, a model's retirement date), each with its source: the first few, the rest
 * in the planner. Text from the price data and the file, so escaped like the rest.
 */
function assumedLines(request: RequestAnalysis): string {
  const { comparison, shown } = request;
  const all = [...new Set([...comparison.assumptions, ...(shown.known ? shown.assumptions : [])])];
  if (all.length === 0) return '';
  const listed = all.slice(0, ASSUMPTIONS_IN_HOVER).map((line) => `- Assumed: ${escapeMarkdown(line, 240)}`);
  const more = all.length > ASSUMPTIONS_IN_HOVER ? [`- and ${all.length - ASSUMPTIONS_IN_HOVER} more in the planner`] : [];
  return `\n\n${[...listed, ...more].join('\n')}`;
}

function cachingLine(plan: KnownModelPlan): string {
  const caching = plan.caching;
  const month = plan.volume.requestsPerDay;
  const parts = [`Cacheable prefix: ${plural(caching.cacheablePrefixTokens, 'token')} of ${formatInteger(caching.staticPrefixTokens)} static`];
  if (plan.savings.caching > 0) parts.push(`caching saves ${formatUsd(plan.savings.caching)}/month at ${formatInteger(month)} requests/day`);
  else parts.push(`no caching saving: ${escapeMarkdown(caching.reason, 200)}`);
  if (plan.potentialSavings.reorderForCaching)
    parts.push(`putting variable content last would save ${formatUsd(plan.potentialSavings.reorderForCaching)}/month more`);
  return parts.join('; ') + '.';
}

function shareOf(tokens: number, request: RequestAnalysis): string {
  const total = request.profile.inputTokens.o200k_base;
  if (total <= 0) return '0%';
  const share = (100 * tokens) / total;
  return `${share < 1 ? share.toFixed(1) : Math.round(share)}%`;
}

interface VariableUnderCursor {
  name: string;
  sample: string | null;
  sampleFrom?: string;
  uses: number;
}

/** The template variable the cursor is on: a word that names one of the file's variables, inside a template tag. */
function variableAt(analysis: PromptAnalysis, document: vscode.TextDocument, position: vscode.Position): VariableUnderCursor | undefined {
  if (templateSyntaxOf(analysis.parsed.format) === null || analysis.parsed.variables.length === 0) return undefined;
  const wordRange = document.getWordRangeAtPosition(position, /[A-Za-z_][\w-]*/);
  if (!wordRange) return undefined;
  const word = document.getText(wordRange);
  const declared = analysis.parsed.variables.find((variable) => variable.name === word || variable.name === `input:${word}`);
  if (!declared) return undefined;
  // Inside a tag: an opening brace before the word on its line that is not closed before it.
  const before = document.lineAt(wordRange.start.line).text.slice(Math.max(0, wordRange.start.character - 60), wordRange.start.character);
  if (before.lastIndexOf('{') <= before.lastIndexOf('}')) return undefined;
  const offset = document.offsetAt(position);
  const message = analysis.parsed.messages.find((candidate) => offset >= candidate.startOffset && offset <= candidate.endOffset);
  const sameRequest = analysis.parsed.messages.filter((candidate) => candidate.request === (message?.request ?? 0));
  const use = new RegExp(`\\{[^{}\\n]{0,40}\\b${word.replace(/[-]/g, '\\-')}\\b`, 'g');
  const uses = sameRequest.reduce((total, candidate) => total + (candidate.text.match(use)?.length ?? 0), 0);
  return { name: declared.name, sample: declared.sampleFrom ? null : declared.sample, sampleFrom: declared.sampleFrom, uses: Math.max(1, uses) };
}
