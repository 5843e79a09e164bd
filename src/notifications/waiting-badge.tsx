/** The header's link to /pendientes with how many things wait (nothing when the count is unknown). */
export function WaitingBadge({ count }: { count: number | null | undefined }) {
  if (count === null || count === undefined) return null;
  const label = count === 0 ? 'Pendientes: nada pendiente' : count === 1 ? 'Pendientes: 1 cosa espera por usted' : `Pendientes: ${count} cosas esperan por usted`;
  return (
    <a href="/pendientes" class="waiting-link" aria-label={label}>
      Pendientes
      {count > 0 && (
        <span class="waiting-badge" aria-hidden="true">
          {count > 99 ? '99+' : String(count)}
        </span>
      )}
    </a>
  );
}
