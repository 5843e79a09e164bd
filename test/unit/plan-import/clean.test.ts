import { describe, expect, it } from 'vitest';
import { cleanCell } from '../../../src/plan/import/clean.js';

describe('cleanCell', () => {
  it.each([
    ['<p>Información</p>', 'Información'],
    ['<p>Informe publicado</p><p>en la web</p>', 'Informe publicado en la web'],
    ['Publicar el informe<br>de gestión', 'Publicar el informe de gestión'],
    ['uno<br/>dos<BR />tres', 'uno dos tres'],
    ['<P CLASS="x">Título</P>', 'Título'],
    ['<div>a</div><div>b</div>', 'a b'],
  ])('turns block tags into spaces: %j', (raw, clean) => {
    expect(cleanCell(raw)).toBe(clean);
  });

  it('removes inline tags without splitting the word they wrap', () => {
    expect(cleanCell('<strong>Secre</strong>taría <span style="color:red">General</span>')).toBe('Secretaría General');
    expect(cleanCell('Ver <a href="https://x.gov.co">portal</a><!-- nota -->.')).toBe('Ver portal .');
  });

  it('decodes entities, named and numeric', () => {
    expect(cleanCell('Tr&aacute;nsito &amp; Movilidad')).toBe('Tránsito & Movilidad');
    expect(cleanCell('Di&#225;logo &#x26; participaci&oacute;n &laquo;ya&raquo;')).toBe('Diálogo & participación «ya»');
    // An encoded tag was meant as text: it is decoded after tags are removed, so it stays.
    expect(cleanCell('&lt;p&gt; literal')).toBe('<p> literal');
  });

  it('turns non-breaking and odd spaces into spaces, drops zero-width ones, collapses and trims', () => {
    expect(cleanCell('&nbsp;30&nbsp;de\u00a0junio\u202fde 2026&nbsp;')).toBe('30 de junio de 2026');
    expect(cleanCell('\t Publicar \r\n  el\u200b informe\f ')).toBe('Publicar el informe');
    expect(cleanCell('<p>&nbsp;</p>')).toBe('');
  });

  it('keeps a "<" that does not open a tag', () => {
    expect(cleanCell('Cobertura < 5 % y > 2 %')).toBe('Cobertura < 5 % y > 2 %');
  });
});
