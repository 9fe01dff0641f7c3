import type { ActionHandler } from './actionHandler.js';
import { userNameOf } from './actionHandler.js';
import { loginProfileOf } from './liveUser.js';
import { recheckUser } from './recheckUser.js';

// remove-console-access: DeleteLoginProfile. The user keeps its access keys and policies; undo creates a new
// login profile with a fresh random password that must be changed at the next sign-in.

export const removeConsoleAccess: ActionHandler = {
  mode: 'remove-console-access',
  describe: (action) => `delete the console password (login profile) of ${userNameOf(action)}`,
  async prepare(context, action) {
    const userName = userNameOf(action);
    const skip = await recheckUser(context, action, userName);
    if (skip) return { skip };
    const profile = await loginProfileOf(context.iam, userName);
    if (!profile) return { skip: `already fixed: ${userName} has no console password` };
    return {
      steps: [
        {
          operation: 'DeleteLoginProfile',
          params: { UserName: userName },
          describe: `delete the login profile of ${userName}`,
          prior: { loginProfile: profile },
          undo: [
            {
              operation: 'CreateLoginProfile',
              params: { UserName: userName, PasswordResetRequired: true },
              newPassword: true,
              alreadyDone: ['EntityAlreadyExists'],
              describe: `create a login profile for ${userName} with a new password (reset at next sign-in)`,
            },
          ],
        },
      ],
    };
  },
};
