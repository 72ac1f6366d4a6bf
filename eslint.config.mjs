// ESLint with typescript-eslint's recommended rules (issue 13); formatting is Prettier's job, so
// eslint-config-prettier turns off the rules that would disagree with it.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

export default tseslint.config(
  { ignores: ['bench/.build/', 'dist/', 'out/', 'node_modules/', 'media/katex/', 'test-output/', '.vscode-test/', 'test/e2e/.host/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: 'module',
      globals: {
        console: 'readonly',
        process: 'readonly',
        require: 'readonly',
        module: 'writable',
        __dirname: 'readonly',
        Buffer: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        setImmediate: 'readonly',
        URL: 'readonly',
        TextDecoder: 'readonly',
        TextEncoder: 'readonly',
        queueMicrotask: 'readonly',
        structuredClone: 'readonly',
        globalThis: 'readonly',
        exports: 'writable',
        __filename: 'readonly',
        fetch: 'readonly',
      },
    },
    rules: {
      // The sanitisers and hostile-input tests match control characters on purpose.
      'no-control-regex': 'off',
      '@typescript-eslint/no-unused-vars': ['warn', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  {
    // Plain Node scripts (bench, fuzz, build): CommonJS.
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // What runs in a browser page: the webview script and the UI tests' page functions.
    files: ['media/**/*.js', 'test/e2e/ui/**/*.js', 'test/e2e-web/**/*.ui.js'],
    languageOptions: {
      globals: {
        document: 'readonly',
        window: 'readonly',
        Element: 'readonly',
        NodeFilter: 'readonly',
        getComputedStyle: 'readonly',
        acquireVsCodeApi: 'readonly',
      },
    },
  },
);
