import type { AccountView } from '../channels/accounts.js';
import { accountStatusLabel, networkLabel } from '../i18n/es.js';
import { formatDateTime } from './format.js';
import { Layout } from './layout.js';
import { CsrfField, useCan } from './page.js';

export function SandboxBadge({ sandbox }: { sandbox: boolean }) {
  return sandbox ? <span class="badge sandbox" title="Servidor local de pruebas: nada sale a la red real">Sandbox</span> : null;
}

type Blackout = { id: string; reason: string; startsAt: string; endsAt: string };
type AccountsProps = {
  accounts: AccountView[];
  sandbox: boolean;
  timeZone: string;
  publishingPaused: boolean;
  plan: { id: string; title: string } | null;
  blackouts: Blackout[];
  error?: string;
  ok?: string;
};

/** The office's network accounts: status, token expiry, connect and reconnect in the browser, or by pasted tokens. */
export function AccountsPage({ accounts, sandbox, timeZone, publishingPaused, plan, blackouts, error, ok }: AccountsProps) {
  const manage = useCan('channels:manage');
  const publish = useCan('piece:publish');
  const planWrite = useCan('plan:write');
  return (
    <Layout title="Canales" active="channels">
      <h1>Canales de publicación</h1>
      {sandbox && (
        <p class="notice sandbox-notice">
          Modo sandbox: X, YouTube y Facebook son servidores locales de prueba. Lo que publique aquí no sale a las redes reales.
        </p>
      )}
      {publishingPaused && (
        <p class="error" role="status">
          La publicación está detenida en toda la oficina: nada programado sale hasta reanudarla.
        </p>
      )}
      {publish && (
        <form method="post" action="/canales/publicacion" class="inline-form">
          <CsrfField />
          <input type="hidden" name="paused" value={publishingPaused ? 'false' : 'true'} />
          <button type="submit" class={publishingPaused ? undefined : 'danger'}>
            {publishingPaused ? 'Reanudar la publicación' : 'Parada de emergencia: detener toda publicación'}
          </button>
        </form>
      )}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {ok && (
        <p class="notice" role="status">
          {ok}
        </p>
      )}
      <div class="table-wrap">
        <table>
          <caption class="visually-hidden">Cuentas conectadas</caption>
          <thead>
            <tr>
              <th scope="col">Red</th>
              <th scope="col">Cuenta</th>
              <th scope="col">Estado</th>
              <th scope="col">Token vence</th>
              {(manage || publish) && <th scope="col">Acciones</th>}
            </tr>
          </thead>
          <tbody>
            {accounts.length === 0 && (
              <tr>
                <td colspan={manage ? 5 : 4}>Aún no hay cuentas conectadas. El sitio web municipal publica sin cuenta.</td>
              </tr>
            )}
            {accounts.map((a) => (
              <tr>
                <td>{networkLabel[a.network]}</td>
                <td>
                  {a.label} <SandboxBadge sandbox={a.sandbox} />
                </td>
                <td>
                  <span class={`badge account-${a.status}`}>{accountStatusLabel[a.status]}</span>
                  {a.statusReason && <div class="muted small">{a.statusReason}</div>}
                  {a.pausedUntil && <div class="muted small">Límite de uso: en pausa hasta {formatDateTime(a.pausedUntil, timeZone)}</div>}
                </td>
                <td>{a.network === 'website' ? 'No aplica' : a.tokenExpiresAt ? formatDateTime(a.tokenExpiresAt, timeZone) : 'No vence'}</td>
                {(manage || publish) && (
                  <td>
                    <div class="row-actions">
                    {publish && (a.status === 'active' || a.status === 'paused') && (
                      <form method="post" action={`/canales/${a.id}/${a.status === 'paused' ? 'reanudar' : 'pausar'}`}>
                        <CsrfField />
                        <button type="submit" class="secondary">
                          {a.status === 'paused' ? 'Reanudar' : 'Pausar'}
                        </button>
                      </form>
                    )}
                    {manage && a.network !== 'website' && (
                      <a class="button secondary" href={`/canales/conectar/${a.network}`}>
                        Reconectar
                      </a>
                    )}
                    {manage && a.status !== 'disabled' && a.network !== 'website' && (
                      <form method="post" action={`/canales/${a.id}/desactivar`}>
                        <CsrfField />
                        <button type="submit" class="secondary">
                          Desactivar
                        </button>
                      </form>
                    )}
                    </div>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {plan && (
        <section aria-labelledby="vedas">
          <h2 id="vedas">Vedas de publicación</h2>
          <p class="muted">En una veda (por ejemplo, la Ley de Garantías) no se publica nada del plan «{plan.title}», y no se puede programar en ella salvo que un administrador lo fuerce.</p>
          {blackouts.length === 0 ? (
            <p class="muted">No hay vedas.</p>
          ) : (
            <ul>
              {blackouts.map((b) => (
                <li>
                  <strong>{b.reason}</strong>: del {formatDateTime(b.startsAt, timeZone)} al {formatDateTime(b.endsAt, timeZone)} ({timeZone})
                  {planWrite && (
                    <form method="post" action={`/canales/vedas/${b.id}/eliminar`} class="inline">
                      <CsrfField />
                      <button type="submit" class="secondary small">
                        Eliminar
                      </button>
                    </form>
                  )}
                </li>
              ))}
            </ul>
          )}
          {planWrite && (
            <form method="post" action="/canales/vedas" class="grid-form">
              <CsrfField />
              <input type="hidden" name="planId" value={plan.id} />
              <label>
                Motivo <input name="reason" required minlength={3} maxlength={300} placeholder="Ley de Garantías" />
              </label>
              <label>
                Desde ({timeZone}) <input type="datetime-local" name="startsAt" required />
              </label>
              <label>
                Hasta ({timeZone}) <input type="datetime-local" name="endsAt" required />
              </label>
              <button type="submit">Crear veda</button>
            </form>
          )}
        </section>
      )}
      {manage && (
        <section>
          <h2>Conectar una cuenta</h2>
          <p>Se abre la página de la red para autorizar a Pregón; al volver, la cuenta queda conectada y sus tokens se guardan cifrados.</p>
          <p class="button-row">
            <a class="button" href="/canales/conectar/x">
              Conectar X
            </a>
            <a class="button" href="/canales/conectar/youtube">
              Conectar YouTube
            </a>
            <a class="button" href="/canales/conectar/facebook">
              Conectar página de Facebook
            </a>
          </p>
          <details>
            <summary>Conectar pegando tokens</summary>
            <form method="post" action="/canales/tokens" class="stack">
              <CsrfField />
              <label>
                Red
                <select name="network" required>
                  <option value="x">X</option>
                  <option value="youtube">YouTube</option>
                  <option value="facebook">Facebook</option>
                </select>
              </label>
              <label>
                Nombre de la cuenta
                <input name="label" required minlength={2} maxlength={100} />
              </label>
              <label>
                Token de acceso
                <input name="accessToken" required minlength={8} autocomplete="off" />
              </label>
              <label>
                Token de actualización (opcional)
                <input name="refreshToken" autocomplete="off" />
              </label>
              <label>
                Vence (hora de la oficina, opcional)
                <input name="expiresAt" type="datetime-local" />
              </label>
              <button type="submit">Guardar cuenta</button>
            </form>
          </details>
        </section>
      )}
    </Layout>
  );
}
