// What the cost tests share: a fixed date for prices, the bundled catalogue loaded once, a
// tolerance for floating-point dollars, and a request profile built from plain numbers.
import assert from 'node:assert/strict';
import { loadBundledCatalog, type PriceCatalog } from '../../src/core/pricing';
import type { RequestProfile, RequestTokens } from '../../src/core/cost';
import type { BilledProfile } from '../../src/core/cost/requestParts';

export const AT = new Date('2026-11-26T12:00:00Z');

let catalogPromise: Promise<PriceCatalog> | undefined;
export const catalog = () => (catalogPromise ??= loadBundledCatalog());

export function close(actual: number, expected: number, message?: string): void {
  assert.ok(Math.abs(actual - expected) < 1e-9 * Math.max(1, Math.abs(expected)), `${message ?? ''} expected ${expected}, got ${actual}`);
}

/** A profile of `input` tokens, `staticPrefix` of them cacheable, the same in both encodings. */
export function profile(input: number, staticPrefix = 0, extra: Partial<RequestProfile> = {}): RequestProfile {
  const counts = (n: number) => ({ o200k_base: n, cl100k_base: n });
  return {
    label: 'test',
    declaredModel: null,
    declaredMaxOutputTokens: null,
    inputTokens: counts(input),
    staticPrefixTokens: counts(staticPrefix),
    movableStaticTokens: counts(0),
    conversation: { fixedTokens: counts(staticPrefix), perTurnUserTokens: counts(input - staticPrefix) },
    messages: [],
    assumptions: [],
    ...extra,
  };
}

/** A request's token split: every part 0 but those given. */
export const tokens = (fields: Partial<RequestTokens>): RequestTokens => ({
  uncached: 0,
  cacheRead: 0,
  cacheWrite: 0,
  cacheWrite1h: 0,
  output: 0,
  reasoning: 0,
  ...fields,
});

/** What a request bills besides its text: nothing but the fields given (o200k_base counts). */
export const billed = (fields: Partial<BilledProfile>): BilledProfile => ({
  toolCount: 0,
  toolChoice: null,
  openAiToolTokens: { o200k_base: 0 },
  toolJsonTokens: { o200k_base: 0 },
  responseSchemaTokens: { o200k_base: 0 },
  images: [],
  ...fields,
});
