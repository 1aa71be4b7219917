import { loadTokenCounter } from '../src/core';
import { mixedPromptText } from './corpus';
import { countTokens, clearMergeCache } from 'gpt-tokenizer/encoding/o200k_base';
(async () => {
  const c: any = await loadTokenCounter('o200k_base');
  const text = mixedPromptText(1_000_000);
  const text2 = mixedPromptText(1_000_000, 77);
  for (let r = 0; r < 6; r++) {
    const f = c.fresh(); let t = performance.now(); f.count(text); const ours = performance.now() - t;
    t = performance.now(); f.count(text2); const oursWarmPieces = performance.now() - t;
    clearMergeCache(); t = performance.now(); countTokens(text); const g = performance.now() - t;
    t = performance.now(); countTokens(text2); const g2 = performance.now() - t;
    console.log('cold: ours', ours.toFixed(0), 'gpt', g.toFixed(0), ' | other text after: ours', oursWarmPieces.toFixed(0), 'gpt', g2.toFixed(0));
  }
})();
