import type { FaultKind, FaultPlan } from '../harness/faults.js';
import { drawInt } from '../harness/seededRandom.js';

// The fault runs of the differential test: every kind the proxy can inject, throttle bursts both within and
// beyond the retry budget, an expired token for every request or only for the assumed roles' sessions.

/** The retry budget the differential runs use (the default is 5; 3 keeps back-off waits short). */
export const TEST_MAX_ATTEMPTS = 3;
/** Per-attempt timeout in the runs: a silent or stalled answer costs a second, not thirty. */
export const TEST_REQUEST_TIMEOUT_MS = 1_000;

export interface ScenarioContext {
  /** The actions the fault-free run sent, each with how often. */
  readonly received: Readonly<Record<string, number>>;
}

export interface FaultScenario {
  readonly name: string;
  readonly kind: FaultKind;
  /** Only for organization scans (a member account's assumed-role session expires). */
  readonly organizationOnly?: boolean;
  plan(seed: number, context: ScenarioContext): FaultPlan;
}

const actionsOf = (context: ScenarioContext): string[] => Object.keys(context.received).sort();
const total = (context: ScenarioContext): number =>
  Object.values(context.received).reduce((sum, n) => sum + n, 0);

function random(kind: FaultKind, rate: number, extra: Partial<FaultPlan> = {}): FaultScenario['plan'] {
  return (seed, context) => ({ kind, seed, rate, actions: actionsOf(context), ...extra });
}

export const SCENARIOS: readonly FaultScenario[] = [
  { name: 'HTTP 500', kind: 'http-500', plan: random('http-500', 0.3) },
  { name: 'HTTP 503', kind: 'http-503', plan: random('http-503', 0.3) },
  {
    name: `throttle burst < retry budget (${TEST_MAX_ATTEMPTS - 1} in a row)`,
    kind: 'throttle-burst',
    plan: random('throttle-burst', 0, { burst: TEST_MAX_ATTEMPTS - 1 }),
  },
  {
    name: `throttle storm > retry budget (${TEST_MAX_ATTEMPTS + 2} in a row)`,
    kind: 'throttle-burst',
    plan: random('throttle-burst', 0, { burst: TEST_MAX_ATTEMPTS + 2 }),
  },
  {
    name: 'connection reset before the answer',
    kind: 'connection-reset',
    plan: random('connection-reset', 0.3),
  },
  { name: 'connection reset mid-body', kind: 'reset-mid-body', plan: random('reset-mid-body', 0.3) },
  { name: 'no answer at all', kind: 'no-answer', plan: random('no-answer', 0.1) },
  {
    name: 'answer after the timeout',
    kind: 'late-answer',
    plan: random('late-answer', 0.1, { delayMs: TEST_REQUEST_TIMEOUT_MS + 500 }),
  },
  { name: 'body stalls mid-way', kind: 'stalled-body', plan: random('stalled-body', 0.1) },
  { name: 'HTTP 200, body cut in the middle', kind: 'truncated-body', plan: random('truncated-body', 0.3) },
  { name: 'pagination: same Marker again', kind: 'marker-repeat', plan: random('marker-repeat', 0) },
  { name: 'pagination: A -> B -> A', kind: 'marker-cycle', plan: random('marker-cycle', 0) },
  {
    name: 'session token expires mid-scan',
    kind: 'expired-token',
    plan: (seed, context) => ({
      kind: 'expired-token',
      seed,
      after: drawInt(seed, 1, Math.max(1, total(context) - 1), 'expired-after'),
    }),
  },
  {
    name: "a member account's session expires mid-scan",
    kind: 'expired-token',
    organizationOnly: true,
    plan: (seed, context) => ({
      kind: 'expired-token',
      seed,
      // Assumed-role session keys start with ASIA; the caller's own key does not.
      accessKeyPrefix: 'ASIA',
      after: drawInt(
        seed,
        1,
        Math.max(1, (context.received.GetAccountAuthorizationDetails ?? 1) * 8),
        'after',
      ),
    }),
  },
];

export const SEEDS: readonly number[] = [1, 2, 3];
