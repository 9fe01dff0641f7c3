import type { RootUser } from '../model/account.js';

/** Centralised root access: no password and no keys, so there is nothing that MFA would protect. */
export function rootWithoutCredentials(root: RootUser): boolean {
  return root.passwordPresent === false && root.accessKeysPresent === false;
}
