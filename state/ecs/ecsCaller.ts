/** What ECS may do on the caller's behalf: create its service-linked role when it is missing. */
export interface EcsCaller {
  mayCreateServiceLinkedRole(): boolean;
}

/** A caller who may do anything (the account root, enforcement off, unit tests). */
export const unrestricted: EcsCaller = { mayCreateServiceLinkedRole: () => true };
