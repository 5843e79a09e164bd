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
