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
        },
      },
      {
        extends: true,
        test: {
          name: 'component',
          include: ['tests/renderer/**/*.test.{ts,tsx}'],
          environment: 'jsdom',
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
