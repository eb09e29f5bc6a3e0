// ESLint: TypeScript rules (type-aware where a mistake costs data: promises nobody awaits), React
// hooks, and the architecture as rules. Imports point one way — shared ← db ← server, shared ←
// client — and inside the client a feature never imports another feature: what several features
// use lives in client/lib, client/components or client/map. Formatting is Prettier's job
// (`npm run format`), so every rule that could disagree with it is off.
import eslintComments from '@eslint-community/eslint-plugin-eslint-comments'
import js from '@eslint/js'
import prettier from 'eslint-config-prettier'
import { createNodeResolver, importX } from 'eslint-plugin-import-x'
import reactHooks from 'eslint-plugin-react-hooks'
import globals from 'globals'
import { readdirSync } from 'node:fs'
import { URL } from 'node:url'
import tseslint from 'typescript-eslint'

const clientFeatures = readdirSync(new URL('./client/features', import.meta.url), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)

/** One zone per rule: `target` files may not import from `from` (except `except`). */
const boundaries = [
  {
    target: './shared',
    from: ['./db', './server', './client', './test'],
    message: 'shared/ is pure TypeScript that server and client both use: it imports nothing of ours.',
  },
  { target: './db', from: ['./server', './client', './test'], message: 'db/ (schema, migrations, seed) depends on shared/ only.' },
  { target: './server', from: ['./client', './test'], message: 'The server imports only db/ and shared/.' },
  {
    target: './client',
    from: ['./server', './db', './test'],
    message: 'The client imports only shared/ (it talks to the server over HTTP).',
  },
  {
    target: './client/lib',
    from: ['./client/features', './client/app', './client/components', './client/map'],
    message: 'client/lib is the bottom layer: it imports only shared/ and itself.',
  },
  {
    target: './client/components',
    from: ['./client/features', './client/app'],
    message: 'Shared components may not depend on a feature or on the app shell.',
  },
  {
    target: './client/map',
    from: ['./client/features', './client/app'],
    message: 'client/map is shared by features: it may not import one, nor the app shell.',
  },
  ...clientFeatures.map((feature) => ({
    target: `./client/features/${feature}`,
    from: './client/features',
    except: [`./${feature}`],
    message: `A feature never imports another feature: move what ${feature}/ needs to client/lib, client/components or client/map, or compose the two in client/app.`,
  })),
]

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'db/migrations/**', 'test-results/**', 'data/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx}'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.node, ...globals.browser },
    },
    plugins: { 'import-x': importX },
    settings: { 'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.tsx', '.js'] })] },
    rules: {
      'import-x/no-restricted-paths': ['error', { zones: boundaries }],
      // A promise nobody awaits loses its error (a write that failed silently, an unhandled rejection).
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', caughtErrors: 'none' },
      ],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/ban-ts-comment': ['error', { 'ts-expect-error': 'allow-with-description', 'ts-ignore': true }],
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      'no-console': 'error',
    },
  },
  {
    files: ['client/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    // The two classic rules. The React Compiler's rules (purity, refs, set-state-in-effect…) judge
    // code by what the compiler can optimise; Dey is not compiled with it.
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'error' },
  },
  {
    // Tests, benchmarks and command-line entry points print on purpose.
    files: ['test/**', 'server/cli/**'],
    rules: { 'no-console': 'off' },
  },
  {
    // An eslint-disable must say why, on the same line (`-- because …`), and must still be needed.
    plugins: { 'eslint-comments': eslintComments },
    rules: { 'eslint-comments/require-description': 'error' },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
  },
  prettier,
)
