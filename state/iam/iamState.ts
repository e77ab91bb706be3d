import { RoleRegistry } from './roles.js';

/** IAM is global: one of these per account, shared by every region. */
export class IamState {
  readonly roles: RoleRegistry;

  constructor(readonly accountId: string) {
    this.roles = new RoleRegistry(accountId);
  }
}
