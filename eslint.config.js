// Lint rules, including the layering rules of shared/README.md: Dexie only inside
// shared/db/, database drivers only inside server/store/, apps never import each other,
// and shared/ and server/ never import app or UI code.
import js from '@eslint/js';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

const apps = ['kiosk', 'counter', 'display', 'admin', 't'];
// The device database's tables (shared/db/schema.ts), which apps never touch directly.
const deviceTables = '/^(identity|serverTickets|tickets|outbox|rejections|session|meta|transactionResults|drafts|sent)$/';
const appPatterns = apps.map((a) => ({ group: [`**/${a}/*`, `../${a}/*`, `../../${a}/*`], message: 'Apps never import each other; share code through shared/.' }));

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'data/**', 'test-results/**', 'playwright-report/**', 'dev-dist/**', 'tmp/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  // Preact's hooks follow React's rules: called unconditionally, with every value an effect reads in its dependencies.
  {
    files: ['**/*.tsx', 'shared/ui/**/*.ts'],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': ['error', { additionalHooks: '^useObserve$' }] },
  },
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/ban-ts-comment': 'error',
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'dexie', message: 'Import Dexie only inside shared/db/; use the repository functions from shared/db/index.ts.' },
            { name: 'pg', message: 'Database drivers are imported only inside server/store/.' },
            { name: '@electric-sql/pglite', message: 'Database drivers are imported only inside server/store/.' },
          ],
        },
      ],
    },
  },
  { files: ['shared/db/**'], rules: { 'no-restricted-imports': 'off' } },
  {
    files: ['server/store/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'dexie', message: 'The server never touches the device database.' }] },
      ],
    },
  },
  {
    files: ['server/**'],
    ignores: ['server/store/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'pg', message: 'Database drivers are imported only inside server/store/.' },
            { name: '@electric-sql/pglite', message: 'Database drivers are imported only inside server/store/.' },
            { name: 'dexie', message: 'The server never touches the device database.' },
          ],
          patterns: [
            { group: ['**/shared/ui/*', '**/shared/db/*', '**/shared/device/*', '**/shared/machines/*', '**/shared/i18n/*', 'preact', 'preact/*'], message: 'server/ imports only shared/domain and shared/sync protocol code, never UI.' },
            ...appPatterns,
          ],
        },
      ],
    },
  },
  // shared/sync/ is the wire protocol only, shared by the devices and the server: it never
  // reaches into the device (its database, sync loop, machines or screens).
  {
    files: ['shared/sync/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'dexie', message: 'shared/sync is the wire protocol; the device database is shared/db/.' }, { name: 'preact', message: 'shared/sync is the wire protocol.' }],
          patterns: [{ group: ['**/db/*', '**/device/*', '**/ui/*', '**/machines/*', '**/i18n/*'], message: 'shared/sync is the wire protocol only: it imports shared/domain and itself.' }, ...appPatterns],
        },
      ],
    },
  },
  // shared/api/ is the REST contract and the one request helper: protocol types, nothing of the device.
  {
    files: ['shared/api/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'dexie', message: 'shared/api is the REST contract; the device database is shared/db/.' }, { name: 'preact', message: 'shared/api has no UI.' }],
          patterns: [{ group: ['**/db/*', '**/device/*', '**/ui/*', '**/machines/*', '**/i18n/*'], message: 'shared/api imports shared/domain and shared/sync only.' }, ...appPatterns],
        },
      ],
    },
  },
  // shared/db/ is below the device layer: the sync loop uses the database, never the reverse.
  {
    files: ['shared/db/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/device/*', '**/ui/*', '**/machines/*'], message: 'shared/db imports shared/domain and shared/sync only.' }, ...appPatterns] },
      ],
    },
  },
  {
    files: ['shared/domain/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'dexie', message: 'shared/domain is pure: no I/O.' }, { name: 'preact', message: 'shared/domain is pure.' }],
          patterns: [{ group: ['**/db/*', '**/device/*', '**/ui/*', '**/sync/*', '**/machines/*', '**/i18n/*'], message: 'shared/domain imports nothing but itself.' }, ...appPatterns],
        },
      ],
    },
  },
  ...apps.map((app) => ({
    files: [`${app}/**`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'dexie', message: 'Import Dexie only inside shared/db/.' },
            { name: 'pg', message: 'No database drivers in the browser.' },
            { name: '@electric-sql/pglite', message: 'No database drivers in the browser.' },
          ],
          patterns: [
            { group: ['**/server/*', '../server/*'], message: 'Apps talk to the server over HTTP only.' },
            ...appPatterns.filter((p) => !p.group[0].includes(`/${app}/`)),
          ],
        },
      ],
    },
  })),
  {
    files: apps.map((app) => `${app}/**`),
    ignores: ['**/*.test.ts', '**/*.test.tsx'],
    rules: {
      // Apps read the device database through the named queries of shared/db/ (sectionQueue,
      // ticketsOfDay, ...), never a Dexie table: the queries and their indexes stay in one place.
      'no-restricted-syntax': [
        'error',
        ...[`MemberExpression[object.name='db'][property.name=${deviceTables}]`, `MemberExpression[object.property.name='db'][property.name=${deviceTables}]`].map((selector) => ({
          selector,
          message: 'Apps never query a Dexie table directly; add a named query to shared/db/ and call it.',
        })),
      ],
    },
  },
);
