import type { Parameters } from 'fast-check';

// One place for how hard the fuzz suite works. In `npm test` (CI) every property runs a modest, fixed number
// of cases from a fixed seed, so a failure reproduces and the suite stays within its time budget on a busy
// 2-CPU machine. `npm run fuzz` (test/fuzz/vitest.fuzz.config.ts) sets FUZZ_RUNS and FUZZ_HEAVY: many more
// cases, and the 100 MB inputs with their time bounds.
//
//   FUZZ_RUNS=20000 npm run fuzz          more cases per property
//   FUZZ_SEED=12345 npm run fuzz          another seed (a failure prints the seed and path to replay it)

/** Cases per property in `npm run fuzz`; undefined in CI. */
const fuzzRuns = Number(process.env.FUZZ_RUNS ?? '') || undefined;

/** The heavy run: 100 MB inputs, time bounds asserted. */
export const HEAVY = process.env.FUZZ_HEAVY === '1';

export const SEED = Number(process.env.FUZZ_SEED ?? '') || 20_261_202;

/** fast-check parameters: `ci` cases in CI, FUZZ_RUNS (scaled by `weight`) in the fuzz run. */
export function fuzzParameters<T>(ci: number, weight = 1): Parameters<T> {
  return {
    seed: SEED,
    numRuns: fuzzRuns === undefined ? ci : Math.max(1, Math.round(fuzzRuns * weight)),
    // Shrinking a failure can take long on large inputs; the seed and path printed let one replay it.
    endOnFailure: false,
  };
}

/** Size of the "huge" inputs: a ~5 MB slice in CI, 100 MB in the heavy run. */
export const HUGE_BYTES = HEAVY ? 100 * 1024 * 1024 : 5 * 1024 * 1024;

/** A vitest timeout: `ms` in CI; half an hour when FUZZ_RUNS or FUZZ_HEAVY make the runs longer. */
export function timeoutFor(ms: number): number {
  return HEAVY || fuzzRuns !== undefined ? Math.max(ms, 30 * 60_000) : ms;
}
