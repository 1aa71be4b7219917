// Loads a CommonJS bundle with a V8 code cache written beside it at build time, so a fresh process
// does not compile the bundle's ~2 MB of JavaScript again: for `llm-cost` that compile was 14–30 ms of
// a 140 ms run. Node 22 does this itself (`module.enableCompileCache()`); Node 20, the project's Node,
// does not, so this is the same mechanism by hand: `vm.Script` with `cachedData`.
//
// The cache is only a speed-up. V8 rejects it when the Node version or V8 flags differ (`--expose-gc`,
// another Node) and then compiles the source as usual; we reject it ourselves when the bundle is not
// the one the cache was made from (its size and modification time are recorded in the cache's
// header), because V8's own check compares only the source length. Nothing is written at run time.
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { Script } from 'node:vm';

/** The cache file beside a bundle. */
export const codeCachePath = (bundle: string) => `${bundle}.v8cache`;

// Header: a magic number, then the bundle's size and modification time (ms) as float64s.
const MAGIC = 0x4c4c4d43; // "LLMC"
const HEADER_BYTES = 24;

/** What happened to the cache on this load: for the benchmark and the tests. */
export type CodeCacheUse = 'used' | 'none' | 'stale' | 'rejected-by-v8';

/** Runs `bundle` as a CommonJS module and returns its exports, compiling from the code cache when it fits. */
export function requireBundle(bundle: string): { exports: unknown; cache: CodeCacheUse } {
  const source = readFileSync(bundle, 'utf8');
  const { size, mtimeMs } = statSync(bundle);
  let cache: CodeCacheUse = 'none';
  let cachedData: Buffer | undefined;
  try {
    const file = readFileSync(codeCachePath(bundle));
    const fits = file.length > HEADER_BYTES && file.readUInt32LE(0) === MAGIC && file.readDoubleLE(8) === size && file.readDoubleLE(16) === mtimeMs;
    if (fits) cachedData = file.subarray(HEADER_BYTES);
    else cache = 'stale';
  } catch {
    // No cache beside the bundle (a development build, or a copy without it): compile as usual.
  }
  const script = new Script(Module.wrap(source), { filename: bundle, cachedData });
  if (cachedData) cache = script.cachedDataRejected ? 'rejected-by-v8' : 'used';
  return { exports: run(script, bundle), cache };
}

/**
 * Writes the code cache for `bundle`: compiles it, runs its top level (which must have no side effects
 * beyond defining exports) and `warmUp` on its exports, so that the functions a first run needs are
 * compiled and go into the cache too. Called by the build, in a process started with no V8 flags.
 */
export async function writeCodeCache(bundle: string, warmUp: (exports: unknown) => unknown = () => {}): Promise<number> {
  const source = readFileSync(bundle, 'utf8');
  const script = new Script(Module.wrap(source), { filename: bundle });
  await warmUp(run(script, bundle));
  const data = script.createCachedData();
  const { size, mtimeMs } = statSync(bundle);
  const header = Buffer.alloc(HEADER_BYTES);
  header.writeUInt32LE(MAGIC, 0);
  header.writeDoubleLE(size, 8);
  header.writeDoubleLE(mtimeMs, 16);
  writeFileSync(codeCachePath(bundle), Buffer.concat([header, data]));
  return HEADER_BYTES + data.length;
}

/** Node's own module wrapper, called the way `require` calls it. */
function run(script: Script, bundle: string): unknown {
  const wrapper = script.runInThisContext() as (exports: unknown, require: NodeJS.Require, module: Module, filename: string, dirname: string) => void;
  const module = new Module(bundle);
  module.filename = bundle;
  const require = createRequire(bundle);
  wrapper.call(module.exports, module.exports, require, module, bundle, dirname(bundle));
  module.loaded = true;
  return module.exports;
}
