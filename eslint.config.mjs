// Layers by the runtime they need; arrows point to what a layer may import:
//   renderer -> electron/shared (contract), core/model (types) and core/policy (limits and defaults)
//   electron/main -> core -> native-bindings;  cli -> core -> native-bindings
//   native-bindings/win32 is the only code that imports koffi.
import tseslint from 'typescript-eslint';

const restrict = (patterns) => ({ 'no-restricted-imports': ['error', { patterns }] });
const koffi = { group: ['koffi'], message: 'Only native-bindings/win32 may import koffi.' };
// A regex, not a glob: the glob 'electron' would also match our own electron/shared folder.
const electronMod = { regex: '^electron(/.*)?$', message: 'Only electron/ may import electron.' };
const rawIpc = {
  name: 'electron',
  importNames: ['ipcMain', 'ipcRenderer'],
  message: 'Use the typed IPC wrappers (electron/main/ipc.ts, electron/preload/ipc.ts).',
};

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'release/', '.cache/', 'tests/fixtures/bin/', 'test-results/', 'playwright-report/'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['native-bindings/**/*.ts'],
    ignores: ['native-bindings/win32/**'],
    rules: restrict([koffi, electronMod, { group: ['**/core/**', '**/cli/**', '**/electron/**', '**/renderer/**'], message: 'native-bindings imports nothing above it.' }]),
  },
  {
    files: ['native-bindings/win32/**/*.ts'],
    rules: restrict([electronMod, { group: ['**/core/**', '**/cli/**', '**/electron/**', '**/renderer/**'], message: 'native-bindings imports nothing above it.' }]),
  },
  {
    files: ['core/**/*.ts'],
    rules: restrict([koffi, electronMod, { group: ['**/cli/**', '**/electron/**', '**/renderer/**', '**/native-bindings/win32/**'], message: 'core depends only on native-bindings/os-api (and fake for tests).' }]),
  },
  {
    files: ['cli/**/*.ts'],
    // cli/serve speaks the same IPC contract as the desktop app, so electron/shared is allowed.
    rules: restrict([koffi, electronMod, { group: ['**/electron/main/**', '**/electron/preload/**', '**/renderer/**'], message: 'cli sits beside electron, over core (electron/shared excepted).' }]),
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    ignores: ['renderer/vite.config.mts'],
    rules: restrict([koffi, electronMod, { group: ['**/native-bindings/**', '**/cli/**', '**/electron/main/**', '**/electron/preload/**', '**/core/**', '!**/core/model', '!**/core/policy', 'node:*'], message: 'The renderer reaches the engine only through the typed contract (electron/shared, core/model).' }]),
  },
  // Broad electron/** first: a later, narrower block for electron/shared must win for its files.
  {
    files: ['electron/**/*.ts'],
    ignores: ['electron/main/ipc.ts', 'electron/preload/ipc.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [rawIpc], patterns: [koffi] }] },
  },
  {
    files: ['electron/shared/**/*.ts'],
    rules: restrict([koffi, electronMod, { group: ['**/native-bindings/**', '**/cli/**', '**/electron/main/**', '**/electron/preload/**', '**/renderer/**'], message: 'The contract is shared by main, preload and renderer: types and schemas only.' }]),
  },
);
