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
          // One worker imports playwright, puppeteer and the emulator once for all files instead of
          // once per file (measured: 0.9 s a file quiet, 3.4 s at a load of 12). Safe because each file
          // launches its own browser and emulator in beforeAll and closes them in afterAll; no file
          // keeps state in a module (the fixtures are functions, the emulator is one object per start).
          isolate: false,
          testTimeout: 60_000,
          // Generous because CI machines are slow; a poll still ends as soon as its condition holds.
          expect: { poll: { timeout: 8_000, interval: 50 } },
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
