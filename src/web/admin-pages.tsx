import { roleLabel } from '../auth/permissions.js';
import { auditChanges } from '../audit/changes.js';
import type { listAudit } from '../audit/list-audit.js';
import type { listUsers } from '../users/users.js';
import { formatDateTime } from './format.js';
import { ErrorNote, Layout } from './layout.js';
import { CsrfField } from './page.js';

type Users = Awaited<ReturnType<typeof listUsers>>;
type Department = { id: string; name: string };

function RoleSelect({ value }: { value?: string }) {
  return (
    <select name="role">
      {Object.entries(roleLabel).map(([role, label]) => (
        <option value={role} selected={role === value}>
          {label}
        </option>
      ))}
    </select>
  );
}

function DepartmentSelect({ departments, selected }: { departments: Department[]; selected: string[] }) {
  return (
    <select name="departmentIds" multiple size={4}>
      {departments.map((d) => (
        <option value={d.id} selected={selected.includes(d.id)}>
          {d.name}
        </option>
      ))}
    </select>
  );
}

export function UsersPage({ users, departments, error, created }: { users: Users; departments: Department[]; error?: string; created?: { email: string; password: string | null } }) {
  return (
    <Layout title="Usuarios" active="users">
      <h1>Usuarios</h1>
      <ErrorNote message={error} />
      {created?.password && (
        <div class="notice" role="status">
          <p>Usuario {created.email} creado. Entréguele esta contraseña inicial; no se volverá a mostrar:</p>
          <p class="secret">{created.password}</p>
        </div>
      )}
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">Usuario</th>
              <th scope="col">Rol</th>
              <th scope="col">Dependencias</th>
              <th scope="col">Activo</th>
              <th scope="col">Guardar</th>
            </tr>
          </thead>
          <tbody>
            {users.map((u) => (
              <tr>
                <td>
                  {u.name}
                  <br />
                  <span class="muted">{u.email}</span>
                </td>
                <td colspan={4}>
                  <form method="post" action={`/usuarios/${u.id}`} class="inline-form">
                    <CsrfField />
                    <RoleSelect value={u.role} />
                    <DepartmentSelect departments={departments} selected={u.departments.map((d) => d.id)} />
                    <label class="check">
                      <input type="checkbox" name="active" value="true" checked={u.active} /> Activo
                    </label>
                    <button type="submit">Guardar</button>
                  </form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h2>Nuevo usuario</h2>
      <form method="post" action="/usuarios" class="grid-form">
        <CsrfField />
        <label>
          Nombre <input name="name" required minlength={2} />
        </label>
        <label>
          Correo <input type="email" name="email" required />
        </label>
        <label>
          Rol <RoleSelect value="communications" />
        </label>
        <label>
          Dependencias (para el rol Dependencia) <DepartmentSelect departments={departments} selected={[]} />
        </label>
        <button type="submit">Crear usuario</button>
      </form>
    </Layout>
  );
}

type Audit = Awaited<ReturnType<typeof listAudit>>;
type AuditFilters = { entityType?: string; action?: string; actorId?: string; entityId?: string };

export function AuditPage({ audit, filters, timeZone, query }: { audit: Audit; filters: AuditFilters; timeZone: string; query: string }) {
  return (
    <Layout title="Auditoría" active="audit">
      <h1>Registro de auditoría</h1>
      <form method="get" action="/auditoria" class="filters">
        <label>
          Entidad <input name="entityType" value={filters.entityType ?? ''} placeholder="Piece, Activity, User…" />
        </label>
        <label>
          Acción <input name="action" value={filters.action ?? ''} placeholder="create, update, approve…" />
        </label>
        <label>
          Id de la entidad <input name="entityId" value={filters.entityId ?? ''} />
        </label>
        <button type="submit">Filtrar</button>
        <a href={`/auditoria.csv${query}`}>Exportar CSV</a>
      </form>
      <p class="muted">{audit.total} entradas; se muestran las más recientes.</p>
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">Fecha ({timeZone})</th>
              <th scope="col">Quién</th>
              <th scope="col">Acción</th>
              <th scope="col">Entidad</th>
              <th scope="col">Cambios (antes → después)</th>
              <th scope="col">Dirección</th>
            </tr>
          </thead>
          <tbody>
            {audit.items.map((e) => (
              <tr>
                <td class="nowrap">{formatDateTime(e.at, timeZone)}</td>
                <td>{e.actorLabel}</td>
                <td>{e.action}</td>
                <td>
                  {e.entityType}
                  <br />
                  <code class="muted">{e.entityId}</code>
                </td>
                <td>
                  <ul class="changes">
                    {auditChanges(e.before, e.after).map((ch) => (
                      <li>
                        <strong>{ch.field}</strong>: {ch.before === '' ? '' : `${ch.before} → `}
                        {ch.after === '' ? '(eliminado)' : ch.after}
                      </li>
                    ))}
                  </ul>
                </td>
                <td>{e.ip ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Layout>
  );
}
