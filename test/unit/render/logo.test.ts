import { describe, expect, it } from 'vitest';
import { AppError } from '../../../src/errors.js';
import { defaultBrandKit, validateLogoSvg } from '../../../src/render/index.js';

const svg = (body: string, attrs = 'viewBox="0 0 100 100"') => `<svg xmlns="http://www.w3.org/2000/svg" ${attrs}>${body}</svg>`;

function refused(input: string): AppError {
  try {
    validateLogoSvg(input);
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({ code: 'unprocessable', status: 422 });
    return err as AppError;
  }
  throw new Error(`accepted: ${input.slice(0, 80)}`);
}

describe('validateLogoSvg', () => {
  it('accepts a clean SVG and returns it cleaned', () => {
    const clean = validateLogoSvg(`<?xml version="1.0"?>\n<!-- Illustrator -->\n<!DOCTYPE svg>\n${svg('<circle cx="50" cy="50" r="40" fill="#0e4d92"/><text x="5" y="90">A &amp; B</text>')}`);
    expect(clean).toBe(svg('<circle cx="50" cy="50" r="40" fill="#0e4d92"/><text x="5" y="90">A &amp; B</text>'));
    expect(validateLogoSvg(defaultBrandKit.logoSvg)).toBe(defaultBrandKit.logoSvg);
  });

  it('adds the SVG namespace and a viewBox when only width and height are given', () => {
    expect(validateLogoSvg('<svg width="120px" height="60"><rect width="120" height="60"/></svg>'))
      .toBe('<svg xmlns="http://www.w3.org/2000/svg" width="120px" height="60" viewBox="0 0 120 60"><rect width="120" height="60"/></svg>');
  });

  it('allows local references and embedded raster images', () => {
    expect(() => validateLogoSvg(svg('<defs><linearGradient id="g"/></defs><rect fill="url(#g)" width="9" height="9"/><use href="#g"/><image href="data:image/png;base64,iVBORw0KGgo="/>'))).not.toThrow();
  });

  it('refuses scripts', () => {
    expect(refused(svg('<script>alert(1)</script>')).message).toContain('script');
    refused(svg('<svg:script xmlns:svg="http://www.w3.org/2000/svg">alert(1)</svg:script>'));
  });

  it('refuses event handler attributes', () => {
    expect(refused(svg('<rect/>', 'viewBox="0 0 10 10" onload="alert(1)"')).message).toContain('onload');
    refused(svg('<rect width="5" height="5" onClick="x()"/>'));
  });

  it('refuses external references', () => {
    refused(svg('<image href="http://example.com/a.png"/>'));
    refused(svg('<image xlink:href="file:///etc/passwd" xmlns:xlink="http://www.w3.org/1999/xlink"/>'));
    refused(svg('<use href="other.svg#logo"/>'));
    refused(svg('<a href="javascript:alert(1)"><rect/></a>'));
    refused(svg('<rect style="fill:url(https://evil.example/x.svg#p)"/>'));
    refused(svg('<style>@import url(http://x.org/a.css);</style>'));
  });

  it('refuses foreignObject', () => {
    expect(refused(svg('<foreignObject><div xmlns="http://www.w3.org/1999/xhtml">hola</div></foreignObject>')).message).toContain('foreignObject');
  });

  it('refuses what does not parse as SVG', () => {
    refused('<html><body/></html>');
    refused('not xml at all');
    refused(svg('<rect>'));
    refused('<!DOCTYPE svg [<!ENTITY a "aaaa">]><svg viewBox="0 0 1 1">&a;</svg>');
    refused(svg('<rect/>', ''));
    refused('');
  });

  it('refuses logos over 200 KB', () => {
    const big = svg(`<path d="${'M0 0L1 1'.repeat(30_000)}"/>`);
    expect(refused(big).message).toContain('200 KB');
  });
});
