import type { AccountView } from '../channels/accounts.js';
import { accountStatusLabel, networkLabel } from '../i18n/es.js';
import { formatDateTime } from './format.js';
import { Layout } from './layout.js';
import { CsrfField, useCan } from './page.js';

export function SandboxBadge({ sandbox }: { sandbox: boolean }) {
  return sandbox ? <span class="badge sandbox" title="Servidor local de pruebas: nada sale a la red real">Sandbox</span> : null;
}

type AccountsProps = { accounts: AccountView[]; sandbox: boolean; timeZone: string; error?: string; ok?: string };

/** The office's network accounts: status, token expiry, connect and reconnect in the browser, or by pasted tokens. */
export function AccountsPage({ accounts, sandbox, timeZone, error, ok }: AccountsProps) {
  const manage = useCan('channels:manage');
  return (
    <Layout title="Canales" active="channels">
      <h1>Canales de publicación</h1>
      {sandbox && (
        <p class="notice sandbox-notice">
          Modo sandbox: X, YouTube y Facebook son servidores locales de prueba. Lo que publique aquí no sale a las redes reales.
        </p>
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
              {manage && <th scope="col">Acciones</th>}
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
                {manage && (
                  <td>
                    <div class="row-actions">
                    {a.network !== 'website' && (
                      <a class="button secondary" href={`/canales/conectar/${a.network}`}>
                        Reconectar
                      </a>
                    )}
                    {a.status !== 'disabled' && a.network !== 'website' && (
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
