import type { BrandKit, Format, TemplateManifest } from '../render/index.js';
import { formatDateTime, localDateTimeInput } from './format.js';
import { ErrorNote, Layout } from './layout.js';
import { CsrfField, useCan } from './page.js';

export function GalleryPage({ templates }: { templates: TemplateManifest[] }) {
  return (
    <Layout title="Plantillas" active="templates">
      <h1>Plantillas de marca</h1>
      <p class="lead">Llene unos pocos campos y obtenga todos los formatos, digitales e impresos, con la marca del municipio.</p>
      <ul class="gallery">
        {templates.map((t) => (
          <li>
            <a href={`/plantillas/${t.id}`}>
              <img src={`/api/templates/${t.id}/sample?format=ig_square`} alt={`Ejemplo de la plantilla ${t.name}`} width={270} height={270} loading="lazy" />
              <strong>{t.name}</strong>
            </a>
            <span class="muted">{t.description}</span>
            <span class="muted">{t.formats.length} formatos</span>
          </li>
        ))}
      </ul>
    </Layout>
  );
}

/** `piece`: the piece the images are made for ("?pieza=" from the piece's page); renders are attached to it. */
type EditorProps = { template: TemplateManifest; formats: Format[]; sample: Record<string, unknown>; timeZone: string; piece?: { id: string; title: string } | null };

/** The field form; public/js/template-editor.js redraws the preview as the office types. */
export function TemplateEditorPage({ template, formats, sample, timeZone, piece }: EditorProps) {
  const canRender = useCan('piece:write');
  const text = (v: unknown) => (typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v));
  return (
    <Layout title={template.name} active="templates" scripts={['/public/js/template-editor.js']}>
      <p class="crumbs">
        <a href="/plantillas">Plantillas</a> › {template.name}
      </p>
      <h1>{template.name}</h1>
      {piece && (
        <p class="notice">
          Las imágenes que genere quedan en la biblioteca asociadas a la pieza <a href={`/piezas/${piece.id}#variantes`}>{piece.title}</a>; elíjalas luego en sus variantes.
        </p>
      )}
      <div class="editor">
        <form id="template-form" class="stack" data-template={template.id} data-time-zone={timeZone} data-piece-id={piece?.id}>
          {template.fields.map((f) => (
            <label>
              {f.label}
              {f.required ? ' *' : ''}
              {f.type === 'long_text' ? (
                <textarea name={f.name} rows={4} maxlength={f.maxLength}>
                  {text(sample[f.name])}
                </textarea>
              ) : f.type === 'figures' ? (
                <textarea name={f.name} rows={6} data-kind="figures" aria-describedby={`${f.name}-help`}>
                  {((sample[f.name] as { figure: string; label: string }[] | undefined) ?? []).map((x) => `${x.figure} | ${x.label}`).join('\n')}
                </textarea>
              ) : f.type === 'image' ? (
                <input name={f.name} placeholder="Id de una imagen de la biblioteca de medios" />
              ) : f.type === 'datetime' ? (
                <input type="datetime-local" name={f.name} value={localDateTimeInput(text(sample[f.name]) || null, timeZone)} data-kind="datetime" />
              ) : (
                <input name={f.name} value={text(sample[f.name])} maxlength={f.maxLength} data-kind={f.type} />
              )}
              {f.type === 'figures' && (
                <span id={`${f.name}-help`} class="muted">
                  Una cifra por línea: «cifra | descripción» ({f.min ?? 3} a {f.max ?? 8}).
                </span>
              )}
            </label>
          ))}
          <label>
            Formato
            <select name="format">
              {formats.map((f) => (
                <option value={f.id}>{`${f.label} (${f.width}×${f.height}${f.kind === 'print' ? `, ${f.dpi} ppp` : ''})`}</option>
              ))}
            </select>
          </label>
          {canRender && (
            <div class="actions">
              <button type="button" id="render-final">
                Generar imagen final
              </button>
              <button type="button" id="render-all">
                Generar todos los formatos
              </button>
            </div>
          )}
          <progress id="render-all-progress" max={formats.length} value={0} hidden />
          <ul id="render-all-list" class="muted" />
        </form>
        <figure class="preview">
          <img id="preview" alt="Vista previa" />
          <figcaption id="preview-status" role="status" class="muted">
            Vista previa en baja resolución
          </figcaption>
          <p id="final-link" />
        </figure>
      </div>
    </Layout>
  );
}

const fontLabel: Record<BrandKit['fonts']['heading'], string> = {
  'inter-regular': 'Inter normal',
  'inter-semibold': 'Inter seminegrita',
  'inter-bold': 'Inter negrita',
  'inter-extrabold': 'Inter extranegrita',
};

const pairLabel: Record<string, string> = {
  'text/background': 'Texto sobre el fondo',
  'onPrimary/primary': 'Texto sobre el color principal',
  'primary/background': 'Color principal sobre el fondo',
  'onSecondary/secondary': 'Texto sobre el color secundario',
  'onAccent/accent': 'Texto sobre el color de acento',
};

type Contrast = { pair: string; foreground: string; background: string; ratio: number; ok: boolean }[];

export function BrandPage({ kit, contrast, error, saved }: { kit: BrandKit; contrast: Contrast; error?: string; saved?: boolean }) {
  const canEdit = useCan('brand:write');
  const colorNames: [keyof BrandKit['colors'], string][] = [
    ['primary', 'Color principal'],
    ['secondary', 'Color secundario'],
    ['accent', 'Color de acento'],
    ['background', 'Fondo'],
    ['text', 'Texto'],
    ['onPrimary', 'Texto sobre el color principal'],
  ];
  return (
    <Layout title="Kit de marca" active="brand">
      <h1>Kit de marca</h1>
      <ErrorNote message={error} />
      {saved && <p class="notice" role="status">Kit de marca guardado. Las próximas imágenes lo usarán.</p>}
      <section aria-labelledby="contraste">
        <h2 id="contraste">Contraste (WCAG AA, mínimo 4,5:1)</h2>
        <ul>
          {contrast.map((c) => (
            <li class={c.ok ? '' : 'contrast-fail'}>
              {pairLabel[c.pair] ?? c.pair}: {c.ratio.toFixed(2).replace('.', ',')}:1 {c.ok ? '✓' : '— no cumple'}
            </li>
          ))}
        </ul>
      </section>
      <form method="post" action="/marca" enctype="multipart/form-data" class="grid-form">
        <CsrfField />
        <label class="wide">
          Nombre del municipio <input name="municipality" value={kit.municipality} required disabled={!canEdit} />
        </label>
        {colorNames.map(([key, label]) => (
          <label>
            {label} <input type="color" name={key} value={kit.colors[key]} disabled={!canEdit} />
          </label>
        ))}
        {(['heading', 'body'] as const).map((role) => (
          <label>
            {role === 'heading' ? 'Fuente de títulos' : 'Fuente de textos'}
            <select name={`font_${role}`} disabled={!canEdit}>
              {Object.entries(fontLabel).map(([id, label]) => (
                <option value={id} selected={kit.fonts[role] === id}>
                  {label}
                </option>
              ))}
            </select>
          </label>
        ))}
        <figure class="wide logo-preview">
          <img src={`data:image/svg+xml;base64,${Buffer.from(kit.logoSvg).toString('base64')}`} alt={`Logo actual de ${kit.municipality}`} height={96} />
        </figure>
        <label class="wide">
          Logo (SVG, hasta 200 KB) <input type="file" name="logo" accept=".svg,image/svg+xml" disabled={!canEdit} />
        </label>
        {canEdit && <button type="submit">Guardar kit de marca</button>}
      </form>
    </Layout>
  );
}

type MediaItem = { id: string; url: string; mimeType: string; width: number | null; height: number | null; altText: string | null; templateId: string | null; format: string | null; createdAt: string; usedIn: { pieceId: string; pieceTitle: string; network: string }[] };

export function MediaPage({ items, total, timeZone, error, uploaded }: { items: MediaItem[]; total: number; timeZone: string; error?: string; uploaded?: string }) {
  const canEdit = useCan('piece:write');
  return (
    <Layout title="Biblioteca de medios" active="media">
      <h1>Biblioteca de medios</h1>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {uploaded && (
        <p class="notice" role="status">
          Archivo guardado: {uploaded}
        </p>
      )}
      {canEdit && (
        <form method="post" action="/medios" enctype="multipart/form-data" class="inline-form">
          <CsrfField />
          <label>
            Archivo (PNG, JPEG, WebP, video MP4 o PDF) <input type="file" name="file" required accept="image/png,image/jpeg,image/webp,video/mp4,application/pdf" />
          </label>
          <label>
            Texto alternativo <input name="altText" maxlength={1000} />
          </label>
          <button type="submit">Subir</button>
        </form>
      )}
      <p class="muted">{total} archivos, los más recientes primero.</p>
      <ul class="media-list">
        {items.map((m) => (
          <li>
            {m.mimeType.startsWith('image/') ? <img src={m.url} alt={m.altText ?? ''} loading="lazy" /> : <span class="file">{m.mimeType}</span>}
            <div>
              <p class="muted">
                {m.templateId ? `Plantilla ${m.templateId}, ${m.format}` : 'Subido'} · {m.width}×{m.height} · {formatDateTime(m.createdAt, timeZone)}
              </p>
              <p class="muted">{m.usedIn.length === 0 ? 'Sin usar en piezas' : `Usado en: ${m.usedIn.map((u) => `${u.pieceTitle} (${u.network})`).join(', ')}`}</p>
              <form method="post" action={`/medios/${m.id}`} class="inline-form">
                <CsrfField />
                <label>
                  Texto alternativo <input name="altText" value={m.altText ?? ''} required minlength={3} maxlength={1000} disabled={!canEdit} />
                </label>
                {canEdit && <button type="submit">Guardar</button>}
              </form>
            </div>
          </li>
        ))}
      </ul>
    </Layout>
  );
}
