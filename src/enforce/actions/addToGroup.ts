import type { ActionHandler } from './actionHandler.js';
import { userNameOf } from './actionHandler.js';
import { groupsOf } from './liveUser.js';
import { recheckUser } from './recheckUser.js';

// add-to-group: put the user into a group that enforces MFA (the plan has already refused a group that does
// not pass group-mfa-enforced). Undo removes the user from it again.

export const addToGroup: ActionHandler = {
  mode: 'add-to-group',
  describe: (action) => `add ${userNameOf(action)} to group ${action.group ?? '?'}`,
  async prepare(context, action) {
    const userName = userNameOf(action);
    const group = action.group;
    if (!group) return { skip: 'no group configured' };
    const skip = await recheckUser(context, action, userName);
    if (skip) return { skip };
    const groups = await groupsOf(context.iam, userName);
    if (groups.includes(group)) return { skip: `already fixed: ${userName} is in ${group}` };
    return {
      steps: [
        {
          operation: 'AddUserToGroup',
          params: { UserName: userName, GroupName: group },
          describe: `add ${userName} to group ${group}`,
          prior: { groups },
          undo: [
            {
              operation: 'RemoveUserFromGroup',
              params: { UserName: userName, GroupName: group },
              alreadyDone: ['NoSuchEntity'],
              describe: `remove ${userName} from group ${group}`,
            },
          ],
        },
      ],
    };
  },
};
