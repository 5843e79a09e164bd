import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { projectRoot } from '../../src/config.js';

/** Pregón as `npm start` runs it, in a child process, so a test can kill -9 it. */
export type ChildPregon = { process: ChildProcess; url: string; output: () => string; kill(signal?: NodeJS.Signals): Promise<void> };

export async function startPregonProcess(env: Record<string, string>): Promise<ChildPregon> {
  const child = spawn(path.join(projectRoot, 'node_modules', '.bin', 'tsx'), ['src/main.ts'], {
    cwd: projectRoot,
    env: { ...process.env, PORT: '0', PREGON_LOAD_SEED: 'false', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Pregón no arrancó en 30 s:\n${output}`)), 30_000);
    const onData = (d: Buffer) => {
      output += d.toString();
      const m = /escucha en (http:\/\/\S+)/.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!.replace(/\/$/, ''));
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => reject(new Error(`Pregón salió con ${code}:\n${output}`)));
  });
  return {
    process: child,
    url,
    output: () => output,
    kill: async (signal = 'SIGKILL') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}
