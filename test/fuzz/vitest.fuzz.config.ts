import { defineConfig } from 'vitest/config';

// `npm run fuzz`: the fuzz suite with many more cases per property and the 100 MB inputs, whose time bounds
// (one second per MB) are asserted only here. FUZZ_RUNS and FUZZ_SEED may be set to override the defaults.
export default defineConfig({
  test: {
    include: ['test/fuzz/**/*.test.ts'],
    env: {
      FUZZ_RUNS: process.env.FUZZ_RUNS ?? '10000',
      FUZZ_HEAVY: '1',
      ...(process.env.FUZZ_SEED ? { FUZZ_SEED: process.env.FUZZ_SEED } : {}),
    },
    // One file at a time: the 100 MB runs need the memory and the CPU.
    fileParallelism: false,
    testTimeout: 60 * 60_000,
    hookTimeout: 60_000,
  },
});
