import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Native addons (onnxruntime-node, hnswlib-node, better-sqlite3) are safest in child processes.
    pool: 'forks',
    // Two files at a time even on two cores (the default is cores - 1): much of the suite waits on
    // child processes (the bot, the CLIs) and on digest slots rather than using the CPU.
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
