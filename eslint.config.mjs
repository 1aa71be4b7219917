// Lint: typescript-eslint's recommended rules, a few type-aware ones that catch real bugs in async
// code (a promise nobody awaits), and the rule that keeps the core pure. Formatting is Prettier's.
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

const NODE_BUILTINS = ['assert', 'buffer', 'child_process', 'crypto', 'events', 'fs', 'fs/promises', 'http', 'https', 'module', 'net', 'os', 'path', 'process', 'stream', 'url', 'util', 'worker_threads', 'zlib'];

export default tseslint.config(
  { ignores: ['dist/', 'out/', 'out-coverage/', 'reports/', 'node_modules/', '.cache/', 'bench/results/', '**/*.mjs', '**/*.js'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      // node:test's `test()` returns a promise the runner itself awaits.
      '@typescript-eslint/no-floating-promises': ['error', { allowForKnownSafeCalls: [{ from: 'package', name: ['test', 'describe', 'it'], package: 'node:test' }] }],
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
      eqeqeq: ['error', 'always'],
    },
  },
  {
    // The pure core: no editor, no file system, nothing that only Node has. It runs in the CLI, the
    // extension host (desktop and web) and the planner webview alike.
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'vscode', message: 'The core never imports vscode: put editor code in src/vscode/.' }, ...NODE_BUILTINS.map((name) => ({ name, message: 'The core runs in a browser too: no Node modules.' }))],
          patterns: [{ group: ['node:*'], message: 'The core runs in a browser too: no Node modules.' }],
        },
      ],
      'no-restricted-globals': ['error', { name: 'process', message: 'The core runs in a browser too.' }, { name: 'require', message: 'The core is ES modules.' }],
    },
  },
  {
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
  prettier,
);
