import { instant } from '../format';

export function Sessions({ sessions }: { sessions: any[] }) {
  if (sessions.length === 0) return <p class="empty">No sessions of service roles.</p>;
  return (
    <ul class="sessions" data-testid="sessions">
      {sessions.map((s) => (
        <li class={s.active ? 'active' : 'expired'}>
          <strong>{s.roleName}</strong> in {s.region}: {s.active ? 'active' : 'expired'} until {instant(s.expiresAt)}
        </li>
      ))}
    </ul>
  );
}
