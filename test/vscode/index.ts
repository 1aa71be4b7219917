// Entry point of the integration suite inside VS Code's extension host (`extensionTestsPath`): the
// same `run()` contract as @vscode/test-electron, so @vscode/test-cli can run it where VS Code can
// be downloaded. mocha's browser build serves both the Node and the web worker host.
import 'mocha/mocha.js';
import { registerSuites } from './extension.suite';

/** Lines the runner picks out of the workbench's console. */
export const log = (line: string) => console.log(`[llm-cost-test] ${line}`);

class LineReporter {
  constructor(runner: Mocha.Runner) {
    let passed = 0;
    const failed: string[] = [];
    runner.on('pass', (test) => {
      passed++;
      log(`ok   ${test.fullTitle()} (${test.duration ?? 0} ms)`);
    });
    runner.on('fail', (test, error) => {
      failed.push(test.fullTitle());
      log(`FAIL ${test.fullTitle()}: ${(error as Error).message}`);
      for (const line of String((error as Error).stack ?? '')
        .split('\n')
        .slice(1, 6))
        log(`       ${line.trim()}`);
    });
    runner.on('end', () => log(`${passed} passing, ${failed.length} failing`));
  }
}

export function run(): Promise<void> {
  // mocha's browser build reads `location.search`, which the Node extension host does not have.
  (globalThis as { location?: unknown }).location ??= { search: '' };
  mocha.setup({ ui: 'tdd', reporter: LineReporter as never, timeout: 60_000 });
  registerSuites();
  return new Promise((resolve, reject) => {
    mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} integration test${failures > 1 ? 's' : ''} failed`)) : resolve()));
  });
}
