import { Layout } from './layout.js';

type Operation = {
  summary?: string;
  tags?: string[];
  parameters?: { name: string; in: string; required?: boolean }[];
  requestBody?: { content?: Record<string, { schema?: unknown }> };
  responses?: Record<string, { description?: string }>;
};
type OpenApiDoc = { paths?: Record<string, Record<string, Operation>>; components?: { schemas?: Record<string, unknown> } };

const methods = ['get', 'post', 'put', 'patch', 'delete'];

/**
 * The browsable API reference at /api/docs, rendered on the server from the same OpenAPI
 * document as /api/openapi.json. It needs no script from a CDN (the machines are offline)
 * and works under a strict Content-Security-Policy.
 */
export function apiDocsPage(doc: unknown) {
  const { paths = {}, components } = doc as OpenApiDoc;
  const byTag = new Map<string, { method: string; path: string; op: Operation }[]>();
  for (const [path, item] of Object.entries(paths)) {
    for (const method of methods) {
      const op = item[method];
      if (!op) continue;
      const tag = op.tags?.[0] ?? 'Otros';
      byTag.set(tag, [...(byTag.get(tag) ?? []), { method, path, op }]);
    }
  }
  return (
    <Layout title="Referencia de la API" active="api">
      <h1>Referencia de la API</h1>
      <p class="lead">
        JSON bajo <code>/api</code>. Documento OpenAPI 3.1: <a href="/api/openapi.json">/api/openapi.json</a>. Los errores son{' '}
        <code>{'{ "error": { "code", "message", "details" } }'}</code>.
      </p>
      {[...byTag.entries()].map(([tag, ops]) => (
        <section>
          <h2>{tag}</h2>
          {ops.map(({ method, path, op }) => (
            <details class="endpoint">
              <summary>
                <span class={`method ${method}`}>{method.toUpperCase()}</span> <code>/api{path.replace(/^\/api/, '')}</code>{' '}
                {op.summary}
              </summary>
              {op.parameters && op.parameters.length > 0 && (
                <p>
                  Parámetros:{' '}
                  {op.parameters.map((p) => (
                    <code>{`${p.name} (${p.in}${p.required ? ', obligatorio' : ''}) `}</code>
                  ))}
                </p>
              )}
              {op.requestBody?.content && (
                <div>
                  <p>Cuerpo: {Object.keys(op.requestBody.content).join(', ')}</p>
                  <pre>{JSON.stringify(Object.values(op.requestBody.content)[0]?.schema, null, 2)}</pre>
                </div>
              )}
              <p>
                Respuestas:{' '}
                {Object.entries(op.responses ?? {}).map(([code, r]) => (
                  <span class="response">{`${code} ${r.description ?? ''}; `}</span>
                ))}
              </p>
            </details>
          ))}
        </section>
      ))}
      {components?.schemas && (
        <section>
          <h2>Esquemas</h2>
          {Object.entries(components.schemas).map(([name, schema]) => (
            <details class="endpoint">
              <summary>
                <code>{name}</code>
              </summary>
              <pre>{JSON.stringify(schema, null, 2)}</pre>
            </details>
          ))}
        </section>
      )}
    </Layout>
  );
}
