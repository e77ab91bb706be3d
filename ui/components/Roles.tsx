import { instant } from '../format';

export function Roles({ roles }: { roles: any[] }) {
  if (roles.length === 0) return <p class="empty" data-testid="no-roles">No roles.</p>;
  return (
    <ul class="roles" data-testid="roles">
      {roles.map((r) => (
        <li class={`role ${r.serviceLinked ? 'slr' : ''}`} data-testid="role" data-role={r.roleName}>
          <div>
            <strong>{r.roleName}</strong> {r.serviceLinked && <span class="badge slr">service-linked</span>}
          </div>
          <div class="mono small">{r.path}</div>
          {r.description && <div class="hint">{r.description}</div>}
          {r.attachedPolicies.length > 0 && (
            <div class="small">policies: {r.attachedPolicies.map((p: any) => p.name).join(', ')}</div>
          )}
          <div class="small" data-testid="role-last-used">
            last used:{' '}
            {r.roleLastUsed?.LastUsedDate ? `${instant(r.roleLastUsed.LastUsedDate)} in ${r.roleLastUsed.Region}` : 'never'}
          </div>
          {r.accessAdvisor.length > 0 && (
            <details class="small">
              <summary>Access Advisor: {r.accessAdvisor.length} services</summary>
              <ul>
                {r.accessAdvisor.map((a: any) => (
                  <li>
                    <span class="mono">{a.action}</span> {instant(a.at)} {a.region}
                  </li>
                ))}
              </ul>
            </details>
          )}
        </li>
      ))}
    </ul>
  );
}
