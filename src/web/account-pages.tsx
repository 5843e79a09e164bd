import { toApiTokenView } from '../auth/api-tokens.js';
import { roleLabel } from '../auth/permissions.js';
import { passwordRules } from '../auth/crypto.js';
import { formatDateTime } from './format.js';
import { ErrorNote, Layout } from './layout.js';
import { CsrfField, useAuth } from './page.js';

export function LoginPage({ error, email, next }: { error?: string; email?: string; next?: string }) {
  return (
    <Layout title="Ingresar" active="login">
      <section class="login">
        <h1>Ingresar a Pregón</h1>
        <ErrorNote message={error} />
        <form method="post" action="/ingresar" class="stack">
          <input type="hidden" name="volver" value={next ?? '/'} />
          <label>
            Correo electrónico <input type="email" name="email" required autocomplete="username" value={email ?? ''} />
          </label>
          <label>
            Contraseña <input type="password" name="password" required autocomplete="current-password" />
          </label>
          <button type="submit">Ingresar</button>
        </form>
      </section>
    </Layout>
  );
}

type Token = ReturnType<typeof toApiTokenView>;
type ProfileProps = { tokens: Token[]; timeZone: string; error?: string; notice?: string; newToken?: string };

export function ProfilePage({ tokens, timeZone, error, notice, newToken }: ProfileProps) {
  const auth = useAuth();
  if (!auth) return null;
  return (
    <Layout title="Mi perfil" active="profile">
      <h1>Mi perfil</h1>
      <p>
        {auth.user.name} · {auth.user.email} · {roleLabel[auth.user.role]}
      </p>
      <ErrorNote message={error} />
      {notice && (
        <p class="notice" role="status">
          {notice}
        </p>
      )}
      {newToken && (
        <div class="notice" role="status">
          <p>Copie el token ahora: no se volverá a mostrar.</p>
          <p class="secret">{newToken}</p>
        </div>
      )}
      <section aria-labelledby="clave">
        <h2 id="clave">Cambiar contraseña</h2>
        <form method="post" action="/perfil/contrasena" class="grid-form">
          <CsrfField />
          <label>
            Contraseña actual <input type="password" name="currentPassword" required autocomplete="current-password" />
          </label>
          <label>
            Nueva contraseña <input type="password" name="newPassword" required minlength={passwordRules.min} autocomplete="new-password" />
          </label>
          <button type="submit">Cambiar contraseña</button>
        </form>
      </section>
      <section aria-labelledby="tokens">
        <h2 id="tokens">Tokens de acceso para scripts</h2>
        <p class="muted">Un token actúa con los permisos de su rol. Envíelo como «Authorization: Bearer …».</p>
        <table>
          <thead>
            <tr>
              <th scope="col">Nombre</th>
              <th scope="col">Prefijo</th>
              <th scope="col">Creado ({timeZone})</th>
              <th scope="col">Último uso</th>
              <th scope="col">Estado</th>
            </tr>
          </thead>
          <tbody>
            {tokens.map((t) => (
              <tr>
                <td>{t.name}</td>
                <td>
                  <code>{t.prefix}…</code>
                </td>
                <td>{formatDateTime(t.createdAt, timeZone)}</td>
                <td>{formatDateTime(t.lastUsedAt, timeZone)}</td>
                <td>
                  {t.revokedAt ? (
                    'Revocado'
                  ) : (
                    <form method="post" action={`/perfil/tokens/${t.id}/revocar`}>
                      <CsrfField />
                      <button type="submit">Revocar</button>
                    </form>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <form method="post" action="/perfil/tokens" class="inline-form">
          <CsrfField />
          <label>
            Nombre del token <input name="name" required minlength={2} maxlength={100} />
          </label>
          <button type="submit">Crear token</button>
        </form>
      </section>
    </Layout>
  );
}
