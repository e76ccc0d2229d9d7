import { defineConfig } from 'vitest/config';

/** Test suites: unit (anywhere), component (renderer, jsdom), win (real Windows API: natively or under Wine). */
export default defineConfig({
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['tests/{core,native-bindings,cli,electron}/**/*.test.ts'],
          environment: 'node',
          // electron-log's main entry loads the real Electron, which these tests mock; its node entry writes the same file.
          alias: { 'electron-log/main': 'electron-log/node' },
        },
      },
      {
        extends: true,
        test: {
          name: 'component',
          include: ['tests/renderer/**/*.test.{ts,tsx}'],
          environment: 'jsdom',
          setupFiles: ['tests/renderer/setup.ts'],
          // Every file imports Fluent UI (thousands of modules, seconds to load) and needs a jsdom: with
          // isolation each file would pay both again in a fresh worker. The files share the worker's
          // module graph and jsdom instead; setup.ts runs before each file and cleans up after each test.
          isolate: false,
        },
      },
      {
        extends: true,
        test: {
          name: 'win',
          include: ['tests/win/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['tests/win/global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
          sequence: { concurrent: false },
        },
      },
    ],
  },
});
