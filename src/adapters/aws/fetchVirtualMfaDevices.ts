import { paginateListVirtualMFADevices } from '@aws-sdk/client-iam';
import type { Maybe } from '../../model/unknown.js';
import type { RawVirtualMfaDevice } from '../snapshot/iamSnapshot.js';
import { MAX_PAGE_SIZE, readPart, type ScanContext } from './scanContext.js';

// Unlike the credential report this listing is live, so it reveals virtual devices enabled since the report
// was generated; unassigned devices are kept too, since they show abandoned enrolments.

export function fetchVirtualMfaDevices(context: ScanContext): Promise<Maybe<RawVirtualMfaDevice[]>> {
  return readPart(context, 'ListVirtualMFADevices', async () => {
    const devices: RawVirtualMfaDevice[] = [];
    const pages = paginateListVirtualMFADevices(
      { client: context.clients.iam, pageSize: MAX_PAGE_SIZE },
      { AssignmentStatus: 'Any' },
      { abortSignal: context.signal },
    );
    for await (const page of pages) devices.push(...(page.VirtualMFADevices ?? []));
    return devices;
  });
}
