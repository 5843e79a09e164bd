import { describe, expect, it } from 'vitest';
import { isCountedVisit, isRobot } from '../../src/metrics/page-views.js';
import { campaignSlug, codeAlphabet, codePattern, newCode, splitUrls, trimUrl, withUtm } from '../../src/metrics/short-links.js';

const urls = (text: string) => splitUrls(text).filter((p) => p.url).map((p) => p.value);

describe('finding the links of a text', () => {
  it('leaves the punctuation that ends a sentence outside the link', () => {
    expect(urls('Lea el informe: https://sanmartin.gov.co/informe.')).toEqual(['https://sanmartin.gov.co/informe']);
    expect(urls('¿Ya vio https://sanmartin.gov.co/audiencia?')).toEqual(['https://sanmartin.gov.co/audiencia']);
    expect(urls('Inscríbase en https://sanmartin.gov.co/a, https://sanmartin.gov.co/b; o https://sanmartin.gov.co/c!')).toEqual([
      'https://sanmartin.gov.co/a',
      'https://sanmartin.gov.co/b',
      'https://sanmartin.gov.co/c',
    ]);
    expect(urls('Vea esto: https://sanmartin.gov.co/x...')).toEqual(['https://sanmartin.gov.co/x']);
    // A query string's own '?' and '=' stay in.
    expect(urls('Formulario https://sanmartin.gov.co/f?tema=salud&dia=2. Gracias')).toEqual(['https://sanmartin.gov.co/f?tema=salud&dia=2']);
  });

  it('drops a closing parenthesis that closes the sentence, keeps one the link opened', () => {
    expect(urls('(más en https://sanmartin.gov.co/rendicion).')).toEqual(['https://sanmartin.gov.co/rendicion']);
    expect(urls('Historia (https://es.wikipedia.org/wiki/San_Martín_(Meta)).')).toEqual(['https://es.wikipedia.org/wiki/San_Martín_(Meta)']);
    expect(trimUrl('https://a.gov.co/x_(y))')).toBe('https://a.gov.co/x_(y)');
    expect(trimUrl('https://a.gov.co/[1]]')).toBe('https://a.gov.co/[1]');
  });

  it('stops at spaces and quotes, finds HTTP in capitals, ignores what is not a link', () => {
    expect(urls('«https://sanmartin.gov.co/x» y "http://sanmartin.gov.co/y"')).toEqual(['https://sanmartin.gov.co/x', 'http://sanmartin.gov.co/y']);
    expect(urls('HTTPS://SANMARTIN.GOV.CO/Z')).toEqual(['HTTPS://SANMARTIN.GOV.CO/Z']);
    expect(urls('Sin enlaces: www.sanmartin.gov.co, ftp://archivo, https:// ni mailto:a@b.co')).toEqual([]);
  });

  it('gives the whole text back when the parts are joined', () => {
    const text = 'Uno https://a.gov.co/x. Dos (https://b.gov.co/y) tres https://c.gov.co';
    expect(splitUrls(text).map((p) => p.value).join('')).toBe(text);
    expect(splitUrls('')).toEqual([]);
  });
});

describe('UTM parameters', () => {
  const utm = { network: 'x' as const, campaign: 'Plan de Acción Rendición de Cuentas', content: 'Invitación a la audiencia pública' };

  it('adds source, medium, campaign and content after the query and before the fragment', () => {
    expect(withUtm('https://sanmartin.gov.co/informe?anio=2026#gastos', utm)).toBe(
      'https://sanmartin.gov.co/informe?anio=2026&utm_source=x&utm_medium=social&utm_campaign=plan-de-accion-rendicion-de-cuentas&utm_content=invitacion-a-la-audiencia-publica#gastos',
    );
    expect(withUtm('https://sanmartin.gov.co', { ...utm, network: 'facebook' })).toBe(
      'https://sanmartin.gov.co/?utm_source=facebook&utm_medium=social&utm_campaign=plan-de-accion-rendicion-de-cuentas&utm_content=invitacion-a-la-audiencia-publica',
    );
  });

  it('says referral for the website and names each network', () => {
    const of = (network: 'x' | 'youtube' | 'facebook' | 'website') => new URL(withUtm('https://a.gov.co/p', { ...utm, network })).searchParams;
    expect(of('website').get('utm_medium')).toBe('referral');
    expect(of('youtube').get('utm_medium')).toBe('social');
    expect(['x', 'youtube', 'facebook', 'website'].map((n) => of(n as 'x').get('utm_source'))).toEqual(['x', 'youtube', 'facebook', 'website']);
  });

  it('keeps a utm_* the link already has and the query exactly as written', () => {
    const out = withUtm('https://a.gov.co/p?q=a%20b&utm_source=boletin&flag', utm);
    expect(out).toBe('https://a.gov.co/p?q=a%20b&utm_source=boletin&flag&utm_medium=social&utm_campaign=plan-de-accion-rendicion-de-cuentas&utm_content=invitacion-a-la-audiencia-publica');
    const all = 'https://a.gov.co/p?utm_source=a&utm_medium=b&utm_campaign=c&utm_content=d';
    expect(withUtm(all, utm)).toBe(all);
    expect(withUtm('https://a.gov.co/p?', utm)).toBe('https://a.gov.co/p?utm_source=x&utm_medium=social&utm_campaign=plan-de-accion-rendicion-de-cuentas&utm_content=invitacion-a-la-audiencia-publica');
  });

  it('gives an ASCII address for a link written with accents, and "pregon" when there is no campaign', () => {
    const out = withUtm('https://sanmartín.gov.co/niñez', { network: 'x', campaign: '', content: '' });
    expect(out).toBe('https://xn--sanmartn-i2a.gov.co/ni%C3%B1ez?utm_source=x&utm_medium=social&utm_campaign=pregon');
    expect(out).toMatch(/^[\x21-\x7e]+$/);
  });

  it('makes campaign slugs of lower-case ASCII without accents', () => {
    expect(campaignSlug('Plan de Acción Rendición de Cuentas 2026')).toBe('plan-de-accion-rendicion-de-cuentas-2026');
    expect(campaignSlug('  ¡Año de la Niñez!  ')).toBe('ano-de-la-ninez');
    expect(campaignSlug('')).toBe('');
    expect(campaignSlug('Una campaña con un nombre larguísimo que sigue y sigue sin terminar nunca jamás')).toMatch(/^[a-z0-9-]{1,60}$/);
  });
});

describe('codes', () => {
  it('are 7 characters of the unambiguous alphabet, different every time', () => {
    const codes = Array.from({ length: 2000 }, newCode);
    for (const code of codes) expect(code).toMatch(codePattern);
    expect(new Set(codes).size).toBe(codes.length);
    expect(codeAlphabet).not.toMatch(/[01oil]/);
    // Every character of the alphabet shows up: the draw covers it all.
    expect(new Set(codes.join('')).size).toBe(codeAlphabet.length);
  });
});

describe('who counts as a visitor', () => {
  const browser = 'Mozilla/5.0 (Linux; Android 14; SM-A546E) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Mobile Safari/537.36';
  const robots = [
    'facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)',
    'Twitterbot/1.0',
    'Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)',
    'WhatsApp/2.23.20.0 A',
    'TelegramBot (like TwitterBot)',
    'LinkedInBot/1.0 (compatible; Mozilla/5.0; Apache-HttpClient +http://www.linkedin.com)',
    'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
    'Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)',
    'Mozilla/5.0 (compatible; Discordbot/2.0; +https://discordapp.com)',
    'Mozilla/5.0 (Windows NT 6.1; WOW64) SkypeUriPreview Preview/0.5',
    'Some-Crawler/3.1',
    'ExampleSpider',
  ];

  it('knows the link-preview robots and crawlers, and not the browsers (in-app ones included)', () => {
    for (const ua of robots) expect(isRobot(ua), ua).toBe(true);
    expect(isRobot(browser)).toBe(false);
    expect(isRobot('Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 [FBAN/FBIOS;FBAV/450.0]')).toBe(false);
    expect(isRobot('Mozilla/5.0 (iPhone) Twitter for iPhone')).toBe(false);
    expect(isRobot(undefined)).toBe(false);
  });

  it('counts GETs of people only: not HEAD, robots nor prefetches', () => {
    const req = (method: string, headers: Record<string, string> = {}) => new Request('https://pregon.test/l/abcdefg', { method, headers: { 'user-agent': browser, ...headers } });
    expect(isCountedVisit(req('GET'))).toBe(true);
    expect(isCountedVisit(req('GET', { 'if-none-match': '"x"' }))).toBe(true);
    expect(isCountedVisit(req('HEAD'))).toBe(false);
    expect(isCountedVisit(req('POST'))).toBe(false);
    expect(isCountedVisit(req('GET', { 'user-agent': robots[0]! }))).toBe(false);
    expect(isCountedVisit(req('GET', { 'sec-purpose': 'prefetch;prerender' }))).toBe(false);
    expect(isCountedVisit(req('GET', { purpose: 'prefetch' }))).toBe(false);
  });
});
