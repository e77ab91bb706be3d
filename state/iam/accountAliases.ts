import type { Store } from '../store.js';
import { iamErrors } from './errors.js';

const TWELVE_DIGITS = /^\d{12}$/;

/**
 * CreateAccountAlias. Aliases are unique across all AWS accounts (every account of the store
 * here) and an account has at most one: a new alias replaces the old, as the console's "Edit"
 * does. Creating the alias the account already has changes nothing.
 */
export function createAccountAlias(store: Store, accountId: string, alias: string): void {
  if (TWELVE_DIGITS.test(alias)) throw iamErrors.accountAliasAllDigits();
  for (const account of store.accounts.values()) {
    if (account.id !== accountId && account.iam.accountAliases.includes(alias)) throw iamErrors.accountAliasTaken(alias);
  }
  const iam = store.account(accountId).iam;
  iam.accountAliases.splice(0, iam.accountAliases.length, alias);
}

/** DeleteAccountAlias: only the alias the account has. */
export function deleteAccountAlias(store: Store, accountId: string, alias: string): void {
  const aliases = store.account(accountId).iam.accountAliases;
  const i = aliases.indexOf(alias);
  if (i < 0) throw iamErrors.accountAliasNotFound(alias);
  aliases.splice(i, 1);
}
