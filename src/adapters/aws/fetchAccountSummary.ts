import { GetAccountSummaryCommand } from '@aws-sdk/client-iam';
import type { Maybe } from '../../model/unknown.js';
import { readPart, type ScanContext } from './scanContext.js';

// AccountMFAEnabled is the only live signal for root MFA; the credential report's root row may be hours old.

export function fetchAccountSummary(context: ScanContext): Promise<Maybe<Record<string, number>>> {
  return readPart(context, 'GetAccountSummary', async () => {
    const response = await context.clients.iam.send(new GetAccountSummaryCommand({}), {
      abortSignal: context.signal,
    });
    const summary: Record<string, number> = {};
    for (const [key, value] of Object.entries(response.SummaryMap ?? {})) {
      if (typeof value === 'number') summary[key] = value;
    }
    return summary;
  });
}
