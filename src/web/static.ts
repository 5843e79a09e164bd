import path from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import { projectRoot } from '../config.js';

export const staticFiles = new Hono();

/**
 * Chart.js, the charting library of the metrics pages, served from its npm package as /public/vendor/chart.umd.min.js (the CSP
 * allows only this origin's scripts, and the package's UMD build needs no bundler). Registered before /public/* so that rule (public) answers for it.
 */
const vendorRoot = path.relative(process.cwd(), path.join(projectRoot, 'node_modules', 'chart.js', 'dist'));
staticFiles.use(
  '/public/vendor/chart.umd.min.js',
  serveStatic({
    root: vendorRoot,
    rewriteRequestPath: () => '/chart.umd.min.js',
    onFound: (_path, c) => {
      c.header('Cache-Control', 'public, max-age=86400');
    },
  }),
);

/** Files in public/ are served as they are under /public/. */
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
