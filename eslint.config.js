// ESLint flat config (ESLint 10, typescript-eslint 8). Run: `npx eslint .` (part of `npm test`).
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const DETERMINISM = 'src/core must be deterministic (seed and time come from the scenario)';

/** Host-timezone / host-locale dependent Date and string methods (output would change with TZ or LANG). */
const localTimeMethods = [
  'getFullYear',
  'getYear',
  'getMonth',
  'getDate',
  'getDay',
  'getHours',
  'getMinutes',
  'getSeconds',
  'getMilliseconds',
  'getTimezoneOffset',
  'toLocaleString',
  'toLocaleDateString',
  'toLocaleTimeString',
  'localeCompare',
].map((property) => ({
  property,
  message: `${DETERMINISM}. '${property}' depends on the host time zone or locale; use the getUTC* methods or plain comparisons.`,
}));

export default defineConfig([
  globalIgnores(['dist/', 'dist-*/', 'node_modules/', 'playwright-report/', 'test-results/', 'coverage/', 'out/', 'tmp/']),

  js.configs.recommended,
  tseslint.configs.recommended,

  // Pragmatic defaults for the whole project.
  {
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          args: 'after-used',
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrorsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
          ignoreRestSiblings: true,
        },
      ],
      'no-constant-condition': ['error', { checkLoops: false }],
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      'prefer-const': 'error',
    },
  },

  // Environments: the app (window + workers) vs Node (CLI, scripts, bench, configs, tests).
  {
    files: ['src/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser, ...globals.worker } },
  },
  {
    files: ['src/cli/**', 'scripts/**', 'bench/**', 'bin/**', '.ci/**', 'tests/**', '*.config.{js,mjs,cjs,ts}'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    files: ['tests/**', 'bench/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'warn' },
  },
  {
    // Playwright specs: Node, plus browser globals inside page.evaluate/addInitScript callbacks.
    files: ['tests/e2e/**'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },

  // React components and hooks.
  {
    files: ['**/*.tsx'],
    ...reactHooks.configs.flat.recommended,
  },

  // src/core: pure and deterministic (see docs ARCHITECTURE.md "Layers"). Same idea as faker's ban on Intl.
  {
    files: ['src/core/**/*.{ts,tsx}'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      'no-restricted-globals': [
        'error',
        { name: 'Intl', message: `${DETERMINISM}. Intl output depends on the host ICU data and locale; format explicitly.` },
      ],
      'no-restricted-properties': [
        'error',
        {
          object: 'Math',
          property: 'random',
          message: `${DETERMINISM}. Use a seeded stream from src/core/rng.ts instead of Math.random().`,
        },
        { object: 'Date', property: 'now', message: `${DETERMINISM}. Take time from the scenario, not Date.now().` },
        {
          object: 'Date',
          property: 'parse',
          message: `${DETERMINISM}. Date.parse reads offset-less strings in host local time; use parseIsoDate in src/core/calendar.ts.`,
        },
        {
          object: 'performance',
          property: 'now',
          message: `${DETERMINISM}. Measure time outside src/core (workers, CLI, bench), not with performance.now().`,
        },
        { object: 'crypto', property: 'getRandomValues', message: `${DETERMINISM}. Use a seeded stream from src/core/rng.ts.` },
        { object: 'crypto', property: 'randomUUID', message: `${DETERMINISM}. Derive ids from the seed via src/core/rng.ts.` },
        ...localTimeMethods,
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "NewExpression[callee.name='Date'][arguments.length=0]",
          message: `${DETERMINISM}. new Date() without arguments reads the clock; pass an explicit epoch value.`,
        },
        {
          selector: "CallExpression[callee.name='Date']",
          message: `${DETERMINISM}. Date() called as a function returns the current time as a string.`,
        },
      ],
    },
  },
]);
