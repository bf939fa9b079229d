// ESLint flat config: typescript-eslint's recommended rules everywhere, plus
// the architecture boundary: the analysis core (core/src) imports nothing from
// VS Code or the language-server libraries (test/core/boundaries.test.ts
// checks the same thing without ESLint).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const editorImports = {
  patterns: [
    {
      group: ['vscode', 'vscode/*', 'vscode-languageserver', 'vscode-languageserver/*', 'vscode-languageserver-*', 'vscode-languageclient', 'vscode-languageclient/*', 'vscode-languageclient-*'],
      message: 'core/ is editor-agnostic: no VS Code or LSP imports (convert at the server boundary).',
    },
  ],
};

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', '**/node_modules/**', '.code-server/**', 'test-artifacts/**', '.scratch/**', '.tools/**', 'scratch-*/**', 'core/src/schema/validate.generated.js', '.vscode-test/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        // Node (CLI, server, scripts, tests) and browser (webview) code share one config.
        process: 'readonly', console: 'readonly', require: 'readonly', module: 'writable', __dirname: 'readonly', __filename: 'readonly',
        Buffer: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly',
        setImmediate: 'readonly', queueMicrotask: 'readonly', performance: 'readonly', URL: 'readonly', TextEncoder: 'readonly', TextDecoder: 'readonly',
        window: 'readonly', document: 'readonly', navigator: 'readonly', acquireVsCodeApi: 'readonly', structuredClone: 'readonly', AbortController: 'readonly',
      },
    },
    rules: {
      // `_`-prefixed names are deliberately unused (callback positions, destructuring).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true }],
      // Non-null assertions are used after Map.has()/graph invariants the compiler cannot see.
      '@typescript-eslint/no-non-null-assertion': 'off',
      // Control characters in regexes are intentional (XML/bidi sanitising, ANSI colours).
      'no-control-regex': 'off',
    },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['core/src/**'],
    rules: { 'no-restricted-imports': ['error', editorImports], '@typescript-eslint/no-restricted-imports': 'off' },
  },
);
