import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const electronBan = {
  'no-restricted-imports': [
    'error',
    {
      paths: [
        { name: 'electron', message: 'electron may only be imported in main/electron/**, main/index.ts and preload/index.ts' },
        { name: 'electron-store', message: 'electron-store loads electron; use it only in main/electron/**' },
      ],
    },
  ],
};

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'build/**', 'test-results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      ...electronBan,
    },
  },
  {
    files: ['main/electron/**', 'main/index.ts', 'preload/index.ts', 'test/unit/electron/**'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly' } },
  },
);
