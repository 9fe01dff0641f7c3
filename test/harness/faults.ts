import { awsErrorBody, requestToken, type WireProtocol } from './awsWire.js';
import { draw, drawInt, pick } from './seededRandom.js';

// Faults the proxy injects between the SDK and moto, one kind per run, at points a seeded PRNG picks: what a
// real network and a real, busy AWS do now and then. The plan names the kind; the injector decides request by
// request (keyed by action and by how many requests of that action came before, so parallel parts do not
// change the choice) and records every hit, so a test can tell a run that was hit from one that was not.

export type FaultKind =
  /** HTTP 500 (InternalFailure / ServiceException): the SDK retries it. */
  | 'http-500'
  /** HTTP 503 (ServiceUnavailable): the SDK retries it. */
  | 'http-503'
  /** `burst` consecutive throttles of one action: Throttling or RequestLimitExceeded, TooManyRequests (JSON). */
  | 'throttle-burst'
  /** The socket is destroyed before any answer. */
  | 'connection-reset'
  /** Status line, headers and half the body, then the socket is destroyed. */
  | 'reset-mid-body'
  /** The request is accepted and never answered. */
  | 'no-answer'
  /** The answer comes after `delayMs`, when the client should have given up. */
  | 'late-answer'
  /** Headers and half the body, then silence. */
  | 'stalled-body'
  /** HTTP 200 whose body (with a matching Content-Length) stops in the middle. */
  | 'truncated-body'
  /** A paginated call answers every page with "IsTruncated, Marker A" (NextToken A): an endless loop. */
  | 'marker-repeat'
  /** A paginated call cycles: first page -> A, A -> B, B -> A. */
  | 'marker-cycle'
  /** After `after` requests the session token has expired: ExpiredToken / ExpiredTokenException. */
  | 'expired-token';

export const FAULT_KINDS: readonly FaultKind[] = [
  'http-500',
  'http-503',
  'throttle-burst',
  'connection-reset',
  'reset-mid-body',
  'no-answer',
  'late-answer',
  'stalled-body',
  'truncated-body',
  'marker-repeat',
  'marker-cycle',
  'expired-token',
];

/** The operations the scan paginates (IAM Marker, Organizations NextToken). */
export const PAGINATED_ACTIONS: readonly string[] = [
  'GetAccountAuthorizationDetails',
  'ListVirtualMFADevices',
  'ListMFADevices',
  'ListUsers',
  'ListAccounts',
  'ListAccountsForParent',
  'ListChildren',
  'ListOrganizationalUnitsForParent',
  'ListPoliciesForTarget',
  'ListRoots',
];

export interface FaultPlan {
  readonly kind: FaultKind;
  readonly seed: number;
  /**
   * The actions that may be hit (all when absent). One of them, picked by the seed, is the anchor: its first
   * request is always hit (for the loops and bursts: its requests), so a run is never a no-op by chance.
   */
  readonly actions?: readonly string[];
  /** Besides the anchor, the probability that any other matching request is hit; default 0.2. */
  readonly rate?: number;
  /** throttle-burst: how many consecutive requests of the anchor action are throttled; default 3. */
  readonly burst?: number;
  /** late-answer: how long the answer is held; default 3,000 ms. */
  readonly delayMs?: number;
  /** expired-token: requests that still pass; default drawn from the seed in [1, 12]. */
  readonly after?: number;
  /** Only requests signed with an access key that starts with this ("ASIA": an assumed role's session). */
  readonly accessKeyPrefix?: string;
}

export interface FaultRequest {
  readonly action: string;
  readonly protocol: WireProtocol;
  /** The request body as received (form or JSON). */
  readonly body: string;
  readonly accessKeyId?: string;
}

/** What the proxy does with one request instead of (or on top of) forwarding it. */
export type FaultAction =
  | { readonly type: 'answer'; readonly status: number; readonly contentType: string; readonly body: string }
  | { readonly type: 'reset' }
  | { readonly type: 'no-answer' }
  | { readonly type: 'late'; readonly delayMs: number }
  | { readonly type: 'reset-mid-body' }
  | { readonly type: 'stall-body' }
  | { readonly type: 'truncate' }
  /** Forward without the request's token, then answer with a page that points at `nextToken`. */
  | { readonly type: 'paginate'; readonly nextToken: string };

export interface FaultHit {
  readonly action: string;
  /** 0 for the first request of this action since the plan was set. */
  readonly index: number;
  readonly kind: FaultKind;
}

export interface FaultInjector {
  readonly plan: FaultPlan;
  readonly hits: readonly FaultHit[];
  /** The anchor action: the one the seed picked (undefined when no listed action fits the kind). */
  readonly anchor: string | undefined;
  decide(request: FaultRequest): FaultAction | undefined;
}

const DEFAULT_RATE = 0.2;
const DEFAULT_BURST = 3;
const DEFAULT_LATE_MS = 3_000;

export function createFaultInjector(plan: FaultPlan): FaultInjector {
  const seen = new Map<string, number>();
  const hits: FaultHit[] = [];
  let matching = 0;
  const candidates =
    plan.kind === 'marker-repeat' || plan.kind === 'marker-cycle'
      ? (plan.actions ?? PAGINATED_ACTIONS).filter((action) => PAGINATED_ACTIONS.includes(action))
      : [...(plan.actions ?? [])];
  const anchor = candidates.length > 0 ? pick(plan.seed, candidates, plan.kind, 'anchor') : undefined;
  const rate = plan.rate ?? DEFAULT_RATE;
  const after = plan.after ?? drawInt(plan.seed, 1, 12, plan.kind, 'after');
  const queryThrottle = pick(plan.seed, ['Throttling', 'RequestLimitExceeded'], 'throttle-code');

  function isRandomHit(action: string, index: number): boolean {
    if (action === anchor && index === 0) return true;
    return draw(plan.seed, plan.kind, action, index) < rate;
  }

  function decideFor(request: FaultRequest, index: number): FaultAction | undefined {
    const { action, protocol } = request;
    switch (plan.kind) {
      case 'http-500':
        return isRandomHit(action, index)
          ? answer(
              500,
              protocol,
              protocol === 'json' ? 'ServiceException' : 'InternalFailure',
              'internal error',
            )
          : undefined;
      case 'http-503':
        return isRandomHit(action, index)
          ? answer(503, protocol, 'ServiceUnavailable', 'Service is unavailable, please try again later')
          : undefined;
      case 'throttle-burst': {
        if (action !== anchor || index >= (plan.burst ?? DEFAULT_BURST)) return undefined;
        if (protocol === 'json') return answer(400, protocol, 'TooManyRequestsException', 'Rate exceeded');
        return queryThrottle === 'Throttling'
          ? answer(400, protocol, 'Throttling', 'Rate exceeded')
          : answer(503, protocol, 'RequestLimitExceeded', 'Request limit exceeded.');
      }
      case 'connection-reset':
        return isRandomHit(action, index) ? { type: 'reset' } : undefined;
      case 'reset-mid-body':
        return isRandomHit(action, index) ? { type: 'reset-mid-body' } : undefined;
      case 'no-answer':
        return isRandomHit(action, index) ? { type: 'no-answer' } : undefined;
      case 'late-answer':
        return isRandomHit(action, index)
          ? { type: 'late', delayMs: plan.delayMs ?? DEFAULT_LATE_MS }
          : undefined;
      case 'stalled-body':
        return isRandomHit(action, index) ? { type: 'stall-body' } : undefined;
      case 'truncated-body':
        return isRandomHit(action, index) ? { type: 'truncate' } : undefined;
      case 'marker-repeat':
        return action === anchor ? { type: 'paginate', nextToken: 'loop-A' } : undefined;
      case 'marker-cycle': {
        if (action !== anchor) return undefined;
        const token = requestToken(request.protocol, request.body);
        return { type: 'paginate', nextToken: token === 'loop-A' ? 'loop-B' : 'loop-A' };
      }
      case 'expired-token':
        return matching > after
          ? protocol === 'json'
            ? answer(
                400,
                protocol,
                'ExpiredTokenException',
                'The security token included in the request is expired',
              )
            : answer(403, protocol, 'ExpiredToken', 'The security token included in the request is expired')
          : undefined;
    }
  }

  return {
    plan,
    hits,
    anchor,
    decide(request) {
      if (plan.actions && !plan.actions.includes(request.action)) return undefined;
      if (plan.accessKeyPrefix && !(request.accessKeyId ?? '').startsWith(plan.accessKeyPrefix))
        return undefined;
      const index = seen.get(request.action) ?? 0;
      seen.set(request.action, index + 1);
      matching += 1;
      const action = decideFor(request, index);
      if (action) hits.push({ action: request.action, index, kind: plan.kind });
      return action;
    },
  };
}

function answer(status: number, protocol: WireProtocol, code: string, message: string): FaultAction {
  const type = status >= 500 ? 'Receiver' : 'Sender';
  return { type: 'answer', status, ...awsErrorBody(protocol, code, message, type) };
}
