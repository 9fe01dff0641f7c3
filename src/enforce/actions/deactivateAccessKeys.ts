import type { ActionHandler } from './actionHandler.js';
import { userNameOf } from './actionHandler.js';
import { accessKeysOf } from './liveUser.js';
import { recheckUser } from './recheckUser.js';

// deactivate-access-keys: every active access key of the user becomes Inactive (not deleted: undo makes it
// Active again, and the secret is never lost).

export const deactivateAccessKeys: ActionHandler = {
  mode: 'deactivate-access-keys',
  describe: (action) => `deactivate every active access key of ${userNameOf(action)}`,
  async prepare(context, action) {
    const userName = userNameOf(action);
    const skip = await recheckUser(context, action, userName);
    if (skip) return { skip };
    const active = (await accessKeysOf(context.iam, userName)).filter((key) => key.status === 'Active');
    if (active.length === 0) return { skip: `already fixed: ${userName} has no active access key` };
    return {
      steps: active.map((key) => ({
        operation: 'UpdateAccessKey',
        params: { UserName: userName, AccessKeyId: key.id, Status: 'Inactive' },
        describe: `deactivate access key ${key.id} of ${userName}`,
        prior: { accessKey: key },
        undo: [
          {
            operation: 'UpdateAccessKey',
            params: { UserName: userName, AccessKeyId: key.id, Status: 'Active' },
            describe: `reactivate access key ${key.id} of ${userName}`,
          },
        ],
      })),
    };
  },
};
