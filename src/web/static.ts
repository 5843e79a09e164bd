import path from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import { projectRoot } from '../config.js';

/** Files in public/ are served as they are under /public/. */
export const staticFiles = new Hono();
const root = path.relative(process.cwd(), path.join(projectRoot, 'public'));
staticFiles.use(
  '/public/*',
  serveStatic({
    root,
    rewriteRequestPath: (p) => p.replace(/^\/public/, ''),
    onFound: (_path, c) => {
      c.header('Cache-Control', 'public, max-age=300');
    },
  }),
);
