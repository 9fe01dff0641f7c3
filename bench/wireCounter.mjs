// A counting reverse proxy in front of moto. Every contender talks to moto through it, so the benchmark
// counts requests on the wire itself instead of trusting what a contender says it sent. It can also add a
// fixed delay per request, to model the round trip to a real AWS endpoint (moto on loopback answers in ~2 ms).
import { Buffer } from 'node:buffer';
import { Agent, createServer, request } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { URLSearchParams } from 'node:url';

function serviceOf(headers) {
  // SigV4: "Credential=AKID/20240101/us-east-1/iam/aws4_request".
  const match = /Credential=[^/]+\/\d+\/[^/]+\/([^/]+)\//.exec(headers.authorization ?? '');
  return match ? match[1] : 'unknown';
}

function actionOf(url, body) {
  const fromQuery = new URL(url, 'http://x').searchParams.get('Action');
  if (fromQuery) return fromQuery;
  return new URLSearchParams(body.toString('utf8')).get('Action') ?? 'unknown';
}

/**
 * @param {{ target: string, latencyMs?: number }} options moto's endpoint; delay added to each request
 * @returns {Promise<{ endpoint: string, reset: () => void, snapshot: () => WireCount, close: () => Promise<void> }>}
 * @typedef {{ total: number, byOperation: Record<string, number>, byService: Record<string, number> }} WireCount
 */
export async function startWireCounter({ target, latencyMs = 0 }) {
  const upstream = new URL(target);
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  let count = { total: 0, byOperation: {}, byService: {} };

  const server = createServer((req, res) => {
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', async () => {
      if (latencyMs > 0) await sleep(latencyMs);
      const body = Buffer.concat(chunks);
      if (!req.url.startsWith('/moto-api/')) {
        const service = serviceOf(req.headers);
        const action = actionOf(req.url, body);
        count.total += 1;
        count.byService[service] = (count.byService[service] ?? 0) + 1;
        count.byOperation[action] = (count.byOperation[action] ?? 0) + 1;
      }
      const forward = request(
        {
          host: upstream.hostname,
          port: upstream.port,
          method: req.method,
          path: req.url,
          headers: req.headers,
          agent,
        },
        (upstreamRes) => {
          res.writeHead(upstreamRes.statusCode ?? 502, upstreamRes.headers);
          upstreamRes.pipe(res);
        },
      );
      forward.on('error', (error) => {
        res.writeHead(502, { 'content-type': 'text/plain' });
        res.end(`bench wire counter: upstream error: ${error.message}`);
      });
      forward.end(body);
    });
  });
  server.keepAliveTimeout = 30_000;

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address();

  return {
    endpoint: `http://127.0.0.1:${port}`,
    reset() {
      count = { total: 0, byOperation: {}, byService: {} };
    },
    snapshot() {
      return JSON.parse(JSON.stringify(count));
    },
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(() => resolve()));
      agent.destroy();
    },
  };
}
