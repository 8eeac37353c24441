// Lint = TypeScript hygiene + the architecture's dependency rule (docs/architecture.md, Layers): workflows stay
// deterministic by importing only pure libraries, and pure libraries import no Node, Nest
// or database code. The rule reads the tags in each project.json.
const nx = require('@nx/eslint-plugin');
const tseslint = require('typescript-eslint');

const NODE_AND_INFRA = [
  'node:*',
  'fs',
  'path',
  'os',
  'crypto',
  'child_process',
  'http',
  'net',
  '@nestjs/*',
  'typeorm',
  'pg',
  'ioredis',
  'bullmq',
  'nodemailer',
  'pino',
];

module.exports = tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.data/**', 'coverage/**', '**/*.js'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    plugins: { '@nx': nx },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      '@nx/enforce-module-boundaries': [
        'error',
        {
          allow: [],
          enforceBuildableLibDependency: false,
          depConstraints: [
            { sourceTag: 'scope:pure', onlyDependOnLibsWithTags: ['scope:pure'], bannedExternalImports: NODE_AND_INFRA },
            {
              sourceTag: 'type:workflows',
              onlyDependOnLibsWithTags: ['scope:pure'],
              // The SDK's OpenTelemetry workflow interceptors are made for the sandbox (spans leave through a sink).
              allowedExternalImports: [
                '@temporalio/workflow',
                '@temporalio/common',
                '@temporalio/interceptors-opentelemetry/lib/workflow',
                '@temporalio/interceptors-opentelemetry/lib/workflow/span-exporter',
                '@opentelemetry/api',
                '@opentelemetry/sdk-trace-base',
              ],
            },
            { sourceTag: 'type:activities', onlyDependOnLibsWithTags: ['scope:pure', 'scope:infra'] },
            { sourceTag: 'scope:infra', onlyDependOnLibsWithTags: ['scope:pure', 'scope:infra'] },
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['scope:pure', 'scope:infra', 'type:activities'] },
            { sourceTag: 'type:test', onlyDependOnLibsWithTags: ['*'] },
          ],
        },
      ],
    },
  },
  {
    // Builtins are not "external" to the Nx rule, so the pure code bans them here too.
    files: ['libs/contracts/**/*.ts', 'libs/domain/**/*.ts', 'libs/legal-calendar/**/*.ts', 'workflows/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: NODE_AND_INFRA, message: 'pure code: no I/O, Node, Nest or database imports' }] },
      ],
    },
  },
  {
    files: ['**/*.spec.ts', '**/*.int-spec.ts', '**/*.e2e-spec.ts', 'test/**/*.ts', 'scripts/**/*.ts'],
    rules: { '@nx/enforce-module-boundaries': 'off' },
  },
);
