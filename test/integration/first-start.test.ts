import { execFile, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/config.js';

const tsx = path.join(projectRoot, 'node_modules', '.bin', 'tsx');
const running: ChildProcess[] = [];
afterEach(() => {
  for (const p of running.splice(0)) p.kill('SIGKILL');
});

function tempEnv(extra: Record<string, string> = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pregon-start-'));
  return { ...process.env, DATABASE_URL: `file:${path.join(dir, 'pregon.db')}`, PREGON_SECRET_FILE: path.join(dir, 'secret.key'), PORT: '0', ...extra };
}

/** Starts `src/main.ts` as `npm start` does and waits for the line with its URL. */
async function start(env: NodeJS.ProcessEnv): Promise<{ url: string; output: string }> {
  const child = spawn(tsx, ['src/main.ts'], { cwd: projectRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
  running.push(child);
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no arrancó en 20 s:\n${output}`)), 20_000);
    const onData = (d: Buffer) => {
      output += d.toString();
      const m = /escucha en (http:\/\/\S+)/.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve({ url: m[1]!.replace(/\/$/, ''), output });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => reject(new Error(`salió con ${code}:\n${output}`)));
  });
}

async function signIn(url: string, email: string, password: string) {
  const res = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
  return { status: res.status, cookie: (res.headers.get('set-cookie') ?? '').split(';')[0]! };
}

describe('first start', () => {
  it('creates the database, loads the seed plan, and prints a one-time admin password that works', async () => {
    const env = tempEnv();
    const first = await start(env);
    const password = /Contraseña inicial \(se muestra solo esta vez\): (\S+)/.exec(first.output)?.[1];
    expect(password).toBeDefined();
    const { status, cookie } = await signIn(first.url, 'admin@pregon.local', password!);
    expect(status).toBe(200);
    const plans = await (await fetch(`${first.url}/api/plans`, { headers: { cookie } })).json();
    expect(plans).toMatchObject([{ subcomponentCount: 4, activityCount: 19 }]);
    expect(fs.statSync(env.PREGON_SECRET_FILE!).mode & 0o777).toBe(0o600);
    running.splice(0).forEach((p) => p.kill('SIGKILL'));

    // The second start neither creates another admin nor loads the plan again.
    const second = await start(env);
    expect(second.output).not.toContain('Contraseña inicial');
    expect(second.output).not.toContain('Plan semilla cargado');
    const again = await signIn(second.url, 'admin@pregon.local', password!);
    expect((await (await fetch(`${second.url}/api/plans`, { headers: { cookie: again.cookie } })).json())).toHaveLength(1);
  }, 60_000);

  it('uses PREGON_ADMIN_EMAIL and PREGON_ADMIN_PASSWORD when both are set', async () => {
    const { url, output } = await start(tempEnv({ PREGON_ADMIN_EMAIL: 'jefe@alcaldia.gov.co', PREGON_ADMIN_PASSWORD: 'una-clave-muy-segura', PREGON_LOAD_SEED: 'false' }));
    expect(output).not.toContain('Contraseña inicial');
    expect((await signIn(url, 'jefe@alcaldia.gov.co', 'una-clave-muy-segura')).status).toBe(200);
  }, 60_000);
});

describe('sandbox mode', () => {
  it('is off unless asked for; PREGON_SANDBOX=true publishes through the local servers with accounts marked Sandbox', async () => {
    const env = tempEnv({ PREGON_ADMIN_EMAIL: 'jefe@alcaldia.gov.co', PREGON_ADMIN_PASSWORD: 'una-clave-muy-segura' });
    const sandbox = await start({ ...env, PREGON_SANDBOX: 'true' });
    expect(sandbox.output).toContain('Modo sandbox');
    const res = await fetch(`${sandbox.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'jefe@alcaldia.gov.co', password: 'una-clave-muy-segura' }) });
    const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]!;
    const { csrfToken } = await res.json();
    const call = async (method: string, path: string, body?: unknown) => {
      const r = await fetch(`${sandbox.url}${path}`, { method, headers: { cookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
      return { status: r.status, body: await r.json() };
    };
    const accounts = (await call('GET', '/api/channels/accounts')).body;
    expect(accounts.map((a: { network: string; sandbox: boolean; status: string }) => `${a.network}:${a.sandbox}:${a.status}`).sort()).toEqual(['facebook:true:active', 'x:true:active', 'youtube:true:active']);

    const piece = (await call('POST', '/api/pieces', { kind: 'social_post', title: 'Prueba del modo sandbox', variants: [{ network: 'x', text: 'Primera publicación de prueba en el modo sandbox.' }] })).body;
    await call('POST', `/api/pieces/${piece.id}/transitions`, { action: 'submit' });
    await call('POST', `/api/pieces/${piece.id}/review`, { decision: 'approve' });
    const published = await call('POST', `/api/pieces/${piece.id}/publish`, {});
    expect(published.status).toBe(200);
    expect(published.body.results[0]).toMatchObject({ outcome: 'published', publication: { account: { sandbox: true } } });
    expect((await fetch(published.body.results[0].publication.url)).status).toBe(200);
    running.splice(0).forEach((p) => p.kill('SIGKILL'));

    // Without the setting the local servers do not run: the sandbox accounts wait, paused.
    const normal = await start(env);
    expect(normal.output).not.toContain('Modo sandbox');
    const again = await fetch(`${normal.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'jefe@alcaldia.gov.co', password: 'una-clave-muy-segura' }) });
    const list = await (await fetch(`${normal.url}/api/channels/accounts`, { headers: { cookie: (again.headers.get('set-cookie') ?? '').split(';')[0]! } })).json();
    expect(list.every((a: { sandbox: boolean; status: string }) => a.sandbox && a.status === 'paused')).toBe(true);
  }, 60_000);
});

describe('npm run user', () => {
  const run = promisify(execFile);
  it('creates users from the shell and refuses bad arguments with a Spanish message', async () => {
    const env = tempEnv({ PREGON_LOAD_SEED: 'false' });
    const created = await run(tsx, ['src/cli/user.ts', 'create', '--email', 'Ana@Alcaldia.gov.co', '--name', 'Ana Pérez', '--role', 'approver', '--password', 'clave-de-ana-123'], { cwd: projectRoot, env });
    expect(created.stdout).toContain('Usuario creado: ana@alcaldia.gov.co (approver)');
    const listed = await run(tsx, ['src/cli/user.ts', 'list'], { cwd: projectRoot, env });
    expect(listed.stdout).toMatch(/ana@alcaldia\.gov\.co\s+approver/);
    const bad = await run(tsx, ['src/cli/user.ts', 'create', '--email', 'x@y.co', '--name', 'X', '--role', 'jefe'], { cwd: projectRoot, env }).catch((e: { code: number; stderr: string }) => e);
    expect(bad).toMatchObject({ code: 1 });
    expect((bad as { stderr: string }).stderr).toContain('Indique --email, --name y --role');
  }, 60_000);
});
