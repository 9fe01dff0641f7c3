// SDK clients for the benchmark's own scripts (seeding, floor, per-user loop) and a request counter.
import { Agent } from 'node:http';
import { IAMClient } from '@aws-sdk/client-iam';
import { STSClient } from '@aws-sdk/client-sts';

export const REGION = 'us-east-1';
// moto accepts any credentials; fixed dummies keep the SDK away from the machine's credential chain.
export const CREDENTIALS = { accessKeyId: 'testing', secretAccessKey: 'testing' };

/** Counts HTTP requests by operation, the same shape as mfa-warden's ScanResult.requests. */
export function createRequestCounter() {
  return { total: 0, byOperation: {} };
}

export function addRequest(counter, operation) {
  counter.total += 1;
  counter.byOperation[operation] = (counter.byOperation[operation] ?? 0) + 1;
}

/**
 * Counts every request the client sends. Registered in finalizeRequest with low priority, i.e. inside the
 * retry middleware (finalizeRequest, high priority), so each retry attempt is counted as its own request.
 */
export function countRequests(client, counter) {
  client.middlewareStack.add(
    (next, context) => async (args) => {
      addRequest(counter, context.commandName.replace(/Command$/, ''));
      return next(args);
    },
    { step: 'finalizeRequest', priority: 'low', name: 'benchRequestCounter' },
  );
  return client;
}

/**
 * @param {{ endpoint: string, maxSockets?: number, counter?: ReturnType<typeof createRequestCounter> }} options
 */
export function createClients({ endpoint, maxSockets = 50, counter }) {
  const httpAgent = new Agent({ keepAlive: true, maxSockets });
  const config = {
    endpoint,
    region: REGION,
    credentials: CREDENTIALS,
    requestHandler: { httpAgent },
  };
  const iam = new IAMClient(config);
  const sts = new STSClient(config);
  if (counter) {
    countRequests(iam, counter);
    countRequests(sts, counter);
  }
  return {
    iam,
    sts,
    destroy() {
      iam.destroy();
      sts.destroy();
      httpAgent.destroy();
    },
  };
}
