import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

// A tiny HTTP proxy in front of moto for the answers moto never gives: AccessDenied for one action,
// throttling, a credential report that stays the same while the account changes (AWS reuses a report for
// up to 4 hours; moto builds a fresh one on every call). IAM and STS speak the query protocol, so the
// action is the form field "Action" of the request body.

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

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      response.writeHead(502, { 'content-type': 'text/plain' });
      response.end(`proxy error: ${error instanceof Error ? error.message : String(error)}`);
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const body = await readBody(request);
    // Query protocol (IAM, STS): the form field Action; JSON protocol (Organizations): X-Amz-Target.
    const amzTarget = request.headers['x-amz-target'];
    const action =
      new URLSearchParams(body.toString('utf8')).get('Action') ??
      (typeof amzTarget === 'string' ? (amzTarget.split('.').pop() ?? '') : '');
    received[action] = (received[action] ?? 0) + 1;
    const wait = delays.get(action);
    if (wait) await new Promise((resolve) => setTimeout(resolve, wait));

    const text = body.toString('utf8');
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
    const recorded = frozen.get(action);
    if (recorded) {
      send(response, recorded);
      return;
    }
    const forwarded = await forward(target, request, body);
    if (frozen.has(action) && forwarded.status === 200) frozen.set(action, forwarded);
    const transform = rewrites.get(action);
    send(
      response,
      transform && forwarded.status === 200
        ? { ...forwarded, body: Buffer.from(transform(forwarded.body.toString('utf8')), 'utf8') }
        : forwarded,
    );
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
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
      for (const action of Object.keys(received)) delete received[action];
    },
    freeze: (action) => frozen.set(action, undefined),
    rewrite: (action, transform) => rewrites.set(action, transform),
    delay: (action, ms) => delays.set(action, ms),
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/** The error body IAM and STS send, as documented for the query protocol. */
export function awsQueryErrorBody(
  code: string,
  message: string,
  type: 'Sender' | 'Receiver' = 'Sender',
): string {
  return [
    '<ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/">',
    `<Error><Type>${type}</Type><Code>${code}</Code><Message>${escapeXml(message)}</Message></Error>`,
    '<RequestId>4b1c1d2e-0000-4000-8000-000000000000</RequestId>',
    '</ErrorResponse>',
  ].join('');
}

/** An error as JSON-protocol services (Organizations) send it, for a rule with that content type. */
export function awsJsonErrorRule(action: string, code: string, message: string, status = 400): ProxyRule {
  return {
    action,
    status,
    contentType: 'application/x-amz-json-1.1',
    body: JSON.stringify({ __type: code, message }),
  };
}

/** A successful query-protocol answer for `action` whose result element holds `resultXml`. */
export function awsQueryResponseBody(action: string, resultXml: string): string {
  return [
    `<${action}Response xmlns="https://iam.amazonaws.com/doc/2010-05-08/">`,
    `<${action}Result>${resultXml}</${action}Result>`,
    '<ResponseMetadata><RequestId>4b1c1d2e-0000-4000-8000-000000000001</RequestId></ResponseMetadata>',
    `</${action}Response>`,
  ].join('');
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
  response.writeHead(recorded.status, {
    'content-type': recorded.contentType,
    'content-length': recorded.body.length,
  });
  response.end(recorded.body);
}

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
