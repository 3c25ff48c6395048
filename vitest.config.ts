import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.ts'],
          environment: 'node',
          setupFiles: ['tests/unit/setup.ts'],
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          environment: 'node',
          // One Chromium at a time: 2 cores, and each test owns a whole browser profile.
          fileParallelism: false,
          testTimeout: 60_000,
          // Generous because CI machines are slow; a poll still ends as soon as its condition holds.
          expect: { poll: { timeout: 8_000, interval: 50 } },
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
