/** The ECS control plane of one account in one region. */
export class EcsState {
  constructor(
    readonly accountId: string,
    readonly region: string,
  ) {}
}
