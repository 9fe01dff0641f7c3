import type { EnforceMode } from '../../config/enforceConfig.js';
import type { ActionHandler } from './actionHandler.js';
import { addToGroup } from './addToGroup.js';
import { attachMfaPolicy } from './attachMfaPolicy.js';
import { deactivateAccessKeys } from './deactivateAccessKeys.js';
import { deleteUser } from './deleteUser.js';
import { removeConsoleAccess } from './removeConsoleAccess.js';

// One handler per enforcement mode.
export const ACTION_HANDLERS: Readonly<Record<EnforceMode, ActionHandler>> = {
  'remove-console-access': removeConsoleAccess,
  'deactivate-access-keys': deactivateAccessKeys,
  'attach-mfa-policy': attachMfaPolicy,
  'add-to-group': addToGroup,
  'delete-user': deleteUser,
};

export type { ActionContext, ActionHandler, Prepared, PreparedStep } from './actionHandler.js';
