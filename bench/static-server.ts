import { createServer, type Server } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { gzipSync } from 'node:zlib';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
};

/** Serves a production build the way a CDN would (the precompressed .br copy when the browser accepts br, else gzip; long cache for hashed assets; SPA fallback). */
export async function serveStatic(root: string, port: number): Promise<Server> {
  const server = createServer((req, res) => {
    void (async () => {
      const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '');
      let file = join(root, path === '/' ? 'index.html' : path);
      let body = await readFile(file).catch(() => undefined);
      if (!body) {
        file = join(root, 'index.html');
        body = await readFile(file);
      }
      const type = TYPES[extname(file)] ?? 'application/octet-stream';
      const compressible = /text|javascript|json|svg/.test(type);
      res.setHeader('content-type', type);
      res.setHeader('cache-control', path.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache');
      const accepts = String(req.headers['accept-encoding']);
      const brotli = compressible && /\bbr\b/.test(accepts) ? await readFile(`${file}.br`).catch(() => undefined) : undefined;
      if (brotli) {
        res.setHeader('content-encoding', 'br');
        body = brotli;
      } else if (compressible && /gzip/.test(accepts)) {
        res.setHeader('content-encoding', 'gzip');
        body = gzipSync(body);
      }
      res.end(body);
    })().catch(() => {
      res.statusCode = 500;
      res.end();
    });
  });
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
  return server;
}
