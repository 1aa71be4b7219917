// `dist/cli.js`, the `llm-cost` command: loads the command-line tool's bundle (`dist/cli.main.js`) with
// the V8 code cache the build wrote beside it (codeCache.ts), then runs it. Kept tiny: this file
// itself is compiled on every start.
import { join } from 'node:path';
import { requireBundle } from './codeCache';
import type * as Cli from './cli';

(requireBundle(join(__dirname, 'cli.main.js')).exports as typeof Cli).runCli();
