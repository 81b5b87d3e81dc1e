// Lint rules that keep the architecture honest: import fences between layers.
import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import reactHooks from 'eslint-plugin-react-hooks'
import globals from 'globals'

/** Only these thin shell files may import `electron`: anything else would try a download under Node. */
const electronShellFiles = ['src/main/index.ts', 'src/main/shell/**/*.ts', 'src/preload/**/*.ts']

/** Every app layer but src/qr, as relative paths and as aliases: what the QR code may never import. */
const appLayersOutsideQr = [
  '**/main/**',
  '**/web/**',
  '**/mock-intune/**',
  '**/renderer/**',
  '**/preload/**',
  '@shared/**',
  '@core/**',
  '@main/**',
  '@renderer/**',
  '@web/**',
  '@preload/**',
  '@mock-intune',
  '@mock-intune/**',
]

const noElectron = { name: 'electron', message: 'Only the thin Electron shell (src/main/index.ts, src/main/shell, src/preload) may import electron.' }

export default tseslint.config(
  { ignores: ['out/**', 'node_modules/**', 'dist/**', 'test-results/**', 'playwright-report/**', '.cache/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    // Type-aware rules (docs/style.md): promises are awaited or deliberately voided, switches over unions are exhaustive.
    files: ['**/*.{ts,tsx,mts,cts}'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/no-unnecessary-type-assertion': 'error',
    },
  },
  {
    // Plain scripts and this config sit outside tsconfig's include: linted without type information.
    files: ['**/*.{js,mjs,cjs}'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': ['error', { paths: [noElectron] }],
    },
  },
  {
    files: electronShellFiles,
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['src/shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [noElectron],
          patterns: [
            { group: ['../*', '!./*', '@*/**', '@*', '!@shared/**'], message: 'src/shared is the contract: it imports nothing of ours outside itself.' },
            { group: ['node:*'], message: 'src/shared runs in the renderer too: no Node built-ins.' },
          ],
        },
      ],
    },
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          paths: [noElectron],
          patterns: [
            {
              group: [
                '**/main/**',
                '**/mock-intune/**',
                '**/web/**',
                'node:*',
                '@core/**',
                '@main/**',
                '@mock-intune',
                '@mock-intune/**',
                '@web/**',
                '@preload/**',
              ],
              message: 'The renderer talks to main only through the Api (src/shared/api.ts).',
            },
          ],
        },
      ],
    },
  },
  {
    // One data path: screens and components read and write through the stores (src/renderer/src/stores)
    // and the data hooks (src/renderer/src/data), which alone hold the Api and follow `data:changed`.
    files: ['src/renderer/src/components/**/*.{ts,tsx}', 'src/renderer/src/screens/**/*.{ts,tsx}', 'src/renderer/src/hooks/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: 'ImportDeclaration[source.value=/(^|\\/)api\\/(api-context|ipc-api|http-api|select-api)$/]',
          message: 'Screens and components reach data through the stores or src/renderer/src/data, never the Api.',
        },
        {
          selector: "CallExpression[callee.name='useApi']",
          message: 'useApi() belongs to the data layer (src/renderer/src/data, stores): add a store action or a data hook.',
        },
        {
          selector: 'CallExpression[callee.property.name=/^(invoke|on)$/][callee.object.name=/^api$/i]',
          message: 'Api calls and event subscriptions belong to the stores, which coalesce bursts and drop stale answers.',
        },
      ],
    },
  },
  {
    files: ['src/mock-intune/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [noElectron],
          patterns: [
            {
              group: [
                '**/main/**',
                '**/shared/**',
                '**/renderer/**',
                '**/web/**',
                '**/preload/**',
                '@shared/**',
                '@core/**',
                '@main/**',
                '@renderer/**',
                '@web/**',
                '@preload/**',
                '@qr/**',
              ],
              message: 'The mock Intune API is its own room: it never imports app code.',
            },
          ],
        },
      ],
    },
  },
  {
    // The QR module runs in the renderer's Worker and under Node: platform-neutral, imports no app layer.
    files: ['src/qr/**/*.ts'],
    ignores: ['src/qr/cli/**', 'src/qr/node/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [noElectron],
          patterns: [
            {
              group: ['node:*', ...appLayersOutsideQr],
              message: 'src/qr is platform-neutral (renderer Worker and Node): Node-only code goes in src/qr/node or src/qr/cli.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/qr/cli/**/*.ts', 'src/qr/node/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [noElectron],
          patterns: [
            {
              group: appLayersOutsideQr,
              message: 'The QR CLIs use only src/qr.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/main/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [noElectron],
          patterns: [
            {
              group: ['**/renderer/**', '**/preload/**', '**/main/shell/**', '@renderer/**', '@preload/**', '@main/**', '@web/**'],
              message: 'The core is Electron-free and UI-free.',
            },
            {
              group: ['**/mock-intune/**', '@mock-intune', '@mock-intune/**', '**/qr/synth/**', '@qr/synth/**'],
              message: 'The core never depends on the demo tenant or on QR test-frame synthesis (the encoder it uses is @qr/encode).',
            },
          ],
        },
      ],
    },
  },
  {
    // The browser transport starts the embedded tenant beside the core, as the Electron shell does.
    files: ['src/web/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [noElectron],
          patterns: [
            {
              group: ['**/renderer/**', '**/preload/**', '**/main/shell/**', '@renderer/**', '@preload/**', '@main/**'],
              message: 'The browser transport is Electron-free and UI-free.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['scripts/**/*.mjs'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    // CommonJS scripts (scripts/chromium.cjs: Playwright compiles its config's imports to CommonJS) load with require.
    files: ['scripts/**/*.cjs'],
    languageOptions: { globals: { ...globals.node } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
)
