import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Hono, type Context } from 'hono';
import { securityHeaders } from './ui-security.ts';

/** Where `npm run build:web` (run by `npm install`) writes the dashboard. */
export const defaultWebDist = fileURLToPath(new URL('../../../web/dist', import.meta.url));

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

interface Asset {
  body: Buffer<ArrayBuffer>;
  type: string;
}

/** Every file of the built dashboard, read once, by its path under `/ui/` (nothing else is ever read from disk). */
function loadAssets(directory: string): Map<string, Asset> {
  const assets = new Map<string, Asset>();
  if (!existsSync(directory)) return assets;
  const walk = (folder: string) => {
    for (const name of readdirSync(folder)) {
      const path = join(folder, name);
      if (statSync(path).isDirectory()) walk(path);
      else assets.set(relative(directory, path).split(sep).join('/'), { body: readFileSync(path) as Buffer<ArrayBuffer>, type: contentTypes[extname(name)] ?? 'application/octet-stream' });
    }
  };
  walk(directory);
  return assets;
}

/**
 * Serves the built dashboard under `/ui`: `index.html` for the page (hash routes), hashed files under `assets/`
 * cached for a year, every answer with the dashboard's security headers. Files are read once at start-up and served
 * by exact name only, so no request path reaches the file system. Without a build, `/ui` says how to make one.
 */
export function createUiStatic(directory = defaultWebDist): Hono {
  const assets = loadAssets(directory);
  const app = new Hono();
  const serve = (path: string): Response => {
    const asset = assets.get(path);
    if (!asset) return new Response('Not found.\n', { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8', ...securityHeaders } });
    const immutable = path.startsWith('assets/');
    return new Response(asset.body, {
      status: 200,
      headers: { 'content-type': asset.type, 'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache', ...securityHeaders },
    });
  };
  const page = (c: Context) =>
    assets.has('index.html') ? serve('index.html') : c.text('The dashboard is not built: run "npm run build:web" (npm install runs it) and restart the gateway.\n', 503, securityHeaders);
  app.get('/', page);
  app.get('/*', (c) => {
    const path = c.req.path.replace(/^\/ui\/?/, '');
    return path === '' || path === 'index.html' ? page(c) : serve(path);
  });
  return app;
}
