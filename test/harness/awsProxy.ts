import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  awsJsonErrorBody,
  awsQueryErrorBody,
  JSON_CONTENT_TYPE,
  withNextToken,
  withoutRequestToken,
  type WireProtocol,
} from './awsWire.js';
import {
  createFaultInjector,
  type FaultAction,
  type FaultHit,
  type FaultInjector,
  type FaultPlan,
} from './faults.js';

export { awsQueryErrorBody, awsQueryResponseBody } from './awsWire.js';

// A tiny HTTP proxy in front of moto for the answers moto never gives: AccessDenied for one action,
// throttling, a credential report that stays the same while the account changes (AWS reuses a report for
// up to 4 hours; moto builds a fresh one on every call), and injected faults (faults.ts: 5xx, throttle
// bursts, resets, silence, truncated bodies, endless pagination, an expired token). IAM and STS speak the
// query protocol, so the action is the form field "Action" of the request body; Organizations speaks JSON
// and names it in X-Amz-Target.

export interface ProxyRule {
  readonly action: string;
  readonly status: number;
  readonly body: string;
  /** How many matching requests get this answer before they pass through again; default: all of them. */
  times?: number;
  /** Only requests whose body contains this text (URL-encoded as sent), e.g. one account's role ARN. */
  bodyIncludes?: string;
  /** Default text/xml (query protocol); JSON-protocol services answer application/x-amz-json-1.1. */
  contentType?: string;
}

export interface AwsProxy {
  /** http://127.0.0.1:PORT; use it as the endpoint instead of moto's. */
  readonly endpoint: string;
  /** Requests received per action, whether answered by a rule, a frozen response or moto. */
  readonly received: Record<string, number>;
  addRule(rule: ProxyRule): void;
  clearRules(): void;
  /** Forgets rules, frozen responses and the counts in `received`. */
  reset(): void;
  /** From now on, answer `action` with the next response moto gives for it, again and again. */
  freeze(action: string): void;
  /** Holds every request for `action` this long before passing it on (a slow call, to interrupt). */
  delay(action: string, ms: number): void;
  /** Passes moto's answers to `action` through `transform` (e.g. to age a user's CreateDate). */
  rewrite(action: string, transform: (body: string) => string): void;
  /**
   * Injects one kind of fault from now on (replacing any earlier plan; `undefined` removes it). Rules, frozen
   * responses and rewrites stay as they are; the fault comes first.
   */
  injectFault(plan: FaultPlan | undefined): FaultInjector | undefined;
  /** What the current fault plan has hit so far. */
  readonly faultHits: readonly FaultHit[];
  /** Requests the proxy is still holding open (no-answer, late-answer, stalled-body). */
  readonly openRequests: number;
  stop(): Promise<void>;
}

interface RecordedResponse {
  status: number;
  contentType: string;
  body: Buffer;
}

export async function startAwsProxy(target: string): Promise<AwsProxy> {
  const rules: ProxyRule[] = [];
  const frozen = new Map<string, RecordedResponse | undefined>();
  const received: Record<string, number> = {};
  const rewrites = new Map<string, (body: string) => string>();
  const delays = new Map<string, number>();
  const timers = new Set<NodeJS.Timeout>();
  const held = new Set<ServerResponse>();
  let injector: FaultInjector | undefined;

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (response.headersSent || response.destroyed) {
        response.destroy();
        return;
      }
      response.writeHead(502, { 'content-type': 'text/plain' });
      response.end(`proxy error: ${error instanceof Error ? error.message : String(error)}`);
    });
  });

  function later(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve();
      }, ms);
      timers.add(timer);
    });
  }

  /** Keeps a response open until the client gives up (or the proxy is reset or stopped). */
  function hold(response: ServerResponse): void {
    held.add(response);
    response.on('close', () => held.delete(response));
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const body = await readBody(request);
    const text = body.toString('utf8');
    // Query protocol (IAM, STS): the form field Action; JSON protocol (Organizations): X-Amz-Target.
    const amzTarget = request.headers['x-amz-target'];
    const protocol: WireProtocol = typeof amzTarget === 'string' ? 'json' : 'query';
    const action =
      new URLSearchParams(text).get('Action') ??
      (typeof amzTarget === 'string' ? (amzTarget.split('.').pop() ?? '') : '');
    received[action] = (received[action] ?? 0) + 1;
    const wait = delays.get(action);
    if (wait) await later(wait);

    const fault = injector?.decide({
      action,
      protocol,
      body: text,
      ...accessKeyOf(request),
    });
    if (fault && (await answerFault(fault, response))) return;

    const rule = rules.find(
      (candidate) =>
        candidate.action === action &&
        (candidate.times ?? 1) > 0 &&
        (candidate.bodyIncludes === undefined || text.includes(candidate.bodyIncludes)),
    );
    if (rule) {
      if (rule.times !== undefined) rule.times -= 1;
      send(response, {
        status: rule.status,
        contentType: rule.contentType ?? 'text/xml',
        body: Buffer.from(rule.body, 'utf8'),
      });
      return;
    }
    let answer: RecordedResponse | undefined = frozen.get(action);
    if (!answer) {
      // An endless pagination: moto always serves the first page, the proxy says there is another one.
      const forwardedBody =
        fault?.type === 'paginate' ? Buffer.from(withoutRequestToken(protocol, text), 'utf8') : body;
      const forwarded = await forward(target, request, forwardedBody);
      if (frozen.has(action) && forwarded.status === 200) frozen.set(action, forwarded);
      const transform = rewrites.get(action);
      answer =
        transform && forwarded.status === 200
          ? { ...forwarded, body: Buffer.from(transform(forwarded.body.toString('utf8')), 'utf8') }
          : forwarded;
    }
    if (fault && answer.status === 200) {
      sendFaulty(response, answer, fault, protocol, action);
      return;
    }
    send(response, answer);
  }

  /** Faults that replace the answer; true when the request is dealt with. */
  async function answerFault(fault: FaultAction, response: ServerResponse): Promise<boolean> {
    switch (fault.type) {
      case 'answer':
        send(response, {
          status: fault.status,
          contentType: fault.contentType,
          body: Buffer.from(fault.body, 'utf8'),
        });
        return true;
      case 'reset':
        response.socket?.destroy();
        return true;
      case 'no-answer':
        hold(response);
        return true;
      case 'late':
        hold(response);
        await later(fault.delayMs);
        return response.destroyed || response.writableEnded;
      default:
        return false;
    }
  }

  /** Faults that spoil a good answer on its way back. */
  function sendFaulty(
    response: ServerResponse,
    answer: RecordedResponse,
    fault: FaultAction,
    protocol: WireProtocol,
    action: string,
  ): void {
    const half = answer.body.subarray(0, Math.floor(answer.body.length / 2));
    switch (fault.type) {
      case 'truncate':
        send(response, { ...answer, body: half });
        return;
      case 'reset-mid-body':
        response.writeHead(answer.status, headersOf(answer));
        response.write(half, () => response.socket?.destroy());
        return;
      case 'stall-body':
        hold(response);
        response.writeHead(answer.status, headersOf(answer));
        response.write(half);
        return;
      case 'paginate':
        send(response, {
          ...answer,
          body: Buffer.from(withNextToken(protocol, action, answer.body.toString('utf8'), fault.nextToken)),
        });
        return;
      default:
        send(response, answer);
    }
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  function dropFaults(): void {
    injector = undefined;
    for (const timer of timers) clearTimeout(timer);
    timers.clear();
    for (const response of held) response.destroy();
    held.clear();
  }

  return {
    endpoint: `http://127.0.0.1:${port}`,
    received,
    addRule: (rule) => rules.push({ ...rule }),
    clearRules: () => rules.splice(0, rules.length),
    reset() {
      rules.splice(0, rules.length);
      frozen.clear();
      rewrites.clear();
      delays.clear();
      dropFaults();
      for (const action of Object.keys(received)) delete received[action];
    },
    freeze: (action) => frozen.set(action, undefined),
    rewrite: (action, transform) => rewrites.set(action, transform),
    delay: (action, ms) => delays.set(action, ms),
    injectFault(plan) {
      dropFaults();
      injector = plan ? createFaultInjector(plan) : undefined;
      return injector;
    },
    get faultHits() {
      return injector?.hits ?? [];
    },
    get openRequests() {
      return held.size;
    },
    stop: () =>
      new Promise<void>((resolve, reject) => {
        dropFaults();
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/** An error as JSON-protocol services (Organizations) send it, for a rule with that content type. */
export function awsJsonErrorRule(action: string, code: string, message: string, status = 400): ProxyRule {
  return {
    action,
    status,
    contentType: JSON_CONTENT_TYPE,
    body: awsJsonErrorBody(code, message),
  };
}

/** HTTP 403 AccessDenied, worded as IAM words it for a user without the permission. */
export function accessDeniedRule(action: string, times?: number): ProxyRule {
  const message = `User: arn:aws:iam::123456789012:user/auditor is not authorized to perform: iam:${action} on resource: *`;
  return {
    action,
    status: 403,
    body: awsQueryErrorBody('AccessDenied', message),
    ...(times ? { times } : {}),
  };
}

/** HTTP 400 Throttling ("Rate exceeded"), as IAM answers when its request rate is exceeded. */
export function throttlingRule(action: string, times?: number): ProxyRule {
  return {
    action,
    status: 400,
    body: awsQueryErrorBody('Throttling', 'Rate exceeded'),
    ...(times ? { times } : {}),
  };
}

async function forward(target: string, request: IncomingMessage, body: Buffer): Promise<RecordedResponse> {
  const headers = new Headers();
  for (const [name, value] of Object.entries(request.headers)) {
    // fetch computes these itself (and refuses some of them).
    if (['host', 'connection', 'content-length', 'transfer-encoding', 'expect'].includes(name)) continue;
    if (typeof value === 'string') headers.set(name, value);
  }
  const hasBody = request.method !== 'GET' && request.method !== 'HEAD';
  const answer = await fetch(`${target}${request.url ?? '/'}`, {
    method: request.method ?? 'POST',
    headers,
    ...(hasBody ? { body } : {}),
  });
  return {
    status: answer.status,
    contentType: answer.headers.get('content-type') ?? 'text/xml',
    body: Buffer.from(await answer.arrayBuffer()),
  };
}

function send(response: ServerResponse, recorded: RecordedResponse): void {
  // The client may have given up (a timeout) while the answer was held back.
  if (response.destroyed || response.writableEnded) return;
  response.writeHead(recorded.status, headersOf(recorded));
  response.end(recorded.body);
}

function headersOf(recorded: RecordedResponse): Record<string, string | number> {
  return { 'content-type': recorded.contentType, 'content-length': recorded.body.length };
}

/** The access key id from a SigV4 Authorization header ("... Credential=AKID/date/region/..."). */
function accessKeyOf(request: IncomingMessage): { accessKeyId?: string } {
  const match = /Credential=([^/,\s]+)\//.exec(request.headers.authorization ?? '');
  return match?.[1] ? { accessKeyId: match[1] } : {};
}

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}
