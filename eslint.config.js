// Lint rules of warpdrive-sva (`npm run lint`, part of `npm test`; CONTRIBUTING.md says why each).
// Formatting is prettier's (.prettierrc.json); these rules catch what a formatter cannot: import
// cycles and order, file names, unused code, `any` and thrown strings in the API.

import checkFile from 'eslint-plugin-check-file';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'dist/**',
      'reports/**',
      '.stryker-tmp/**',
      'docs/api/**',
      'counterexamples/**',
      'test/.readme-*/**',
      'test/.pasted-*/**',
      'test/package/consumer/**',
    ],
  },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.js', '**/*.mjs'],
    plugins: { 'import-x': importX, 'check-file': checkFile },
    settings: {
      'import-x/resolver-next': [
        createNodeResolver({
          extensions: ['.ts', '.js', '.mjs'],
          // The package's own name resolves to its sources (as tsx and vitest do), built or not: otherwise
          // the import order would depend on whether dist/ exists.
          conditionNames: ['warpdrive-sva:source', 'types', 'import', 'node', 'default'],
        }),
      ],
    },
    rules: {
      // A cycle makes load order matter and hides a layer back-edge (test/architecture.test.ts has the layers).
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'import-x/no-self-import': 'error',
      'import-x/no-duplicates': 'error',
      'import-x/first': 'error',
      // One order everywhere: node builtins, packages, then the repo's own files, each alphabetical.
      'import-x/order': [
        'error',
        {
          groups: ['builtin', 'external', ['parent', 'sibling', 'index']],
          'newlines-between': 'never',
          alphabetize: { order: 'asc', caseInsensitive: true },
        },
      ],
      // File and folder names are kebab-case (a .test.ts or .d.ts middle extension is allowed).
      'check-file/filename-naming-convention': [
        'error',
        { '**/*.{ts,js,mjs}': 'KEBAB_CASE' },
        { ignoreMiddleExtensions: true },
      ],
      'check-file/folder-naming-convention': ['error', { '**/': 'KEBAB_CASE' }],
      // The standards: no thrown strings, no `any` in the API, no unused code.
      'no-throw-literal': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
    },
  },
);
