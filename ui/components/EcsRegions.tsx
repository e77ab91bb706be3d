import { lastPart } from '../format';

export function EcsRegions({ regions }: { regions: { region: string; clusters: any[] }[] }) {
  const used = regions.filter((r) => r.clusters.length > 0);
  if (used.length === 0) return <p class="empty" data-testid="no-clusters">No ECS clusters in any region.</p>;
  return (
    <div class="regions" data-testid="ecs-regions">
      {used.map((r) => (
        <div class="region" data-testid="ecs-region" data-region={r.region}>
          <h3>{r.region}</h3>
          {r.clusters.map((c) => (
            <Cluster cluster={c} />
          ))}
        </div>
      ))}
    </div>
  );
}

function Cluster({ cluster: c }: { cluster: any }) {
  return (
    <div class="cluster" data-testid="cluster" data-cluster={c.clusterName} data-status={c.status}>
      <div class="cluster-head">
        <strong>{c.clusterName}</strong> <span class={`status ${c.status}`}>{c.status}</span>
        <span class="hint">
          {c.activeServicesCount} services · {c.runningTasksCount} running · {c.pendingTasksCount} pending ·{' '}
          {c.registeredContainerInstancesCount} instances
        </span>
      </div>
      {c.services.length > 0 && (
        <table class="small">
          <thead>
            <tr>
              <th>service</th>
              <th>status</th>
              <th>desired / running / pending</th>
              <th>deployments</th>
            </tr>
          </thead>
          <tbody>
            {c.services.map((s: any) => (
              <tr data-testid="service" data-service={s.serviceName}>
                <td>{s.serviceName}</td>
                <td class={`status ${s.status}`}>{s.status}</td>
                <td>
                  {s.desiredCount} / {s.runningCount} / {s.pendingCount}
                </td>
                <td>
                  {(s.deployments ?? []).map((d: any) => (
                    <span class="deployment">
                      {d.status}
                      {d.rolloutState ? ` ${d.rolloutState}` : ''} ({d.runningCount}/{d.desiredCount}) {lastPart(d.taskDefinition)}
                    </span>
                  ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {c.containerInstances.length > 0 && (
        <div class="small">
          instances:{' '}
          {c.containerInstances.map((i: any) => (
            <span class="chip" data-testid="container-instance">
              {i.ec2InstanceId ?? lastPart(i.containerInstanceArn)} {i.status} ({i.runningTasksCount} tasks)
            </span>
          ))}
        </div>
      )}
      {c.tasks.length > 0 && (
        <div class="small">
          tasks:{' '}
          {c.tasks.map((t: any) => (
            <span class={`chip task ${t.lastStatus}`} data-testid="task" data-status={t.lastStatus} title={t.stoppedReason ?? ''}>
              {lastPart(t.taskArn).slice(0, 8)} {t.lastStatus}
              {t.desiredStatus !== t.lastStatus ? ` → ${t.desiredStatus}` : ''} {t.group ?? ''}
            </span>
          ))}
        </div>
      )}
    </div>
  );
}
