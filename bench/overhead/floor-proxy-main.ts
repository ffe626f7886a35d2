/**
 * The floor: the least a Node gateway can do. node:http in, an undici keep-alive Pool out; the JSON body is
 * parsed and serialised again (as any gateway that reads the request must), the answer is piped back as it
 * comes. No authentication, no routing, no logging.
 *
 *   node --import tsx bench/overhead/floor-proxy-main.ts PORT UPSTREAM_ORIGIN
 */
import { createServer } from 'node:http';
import { Pool } from 'undici';

const port = Number(process.argv[2]);
const upstreamOrigin = process.argv[3];
if (!Number.isInteger(port) || port <= 0 || !upstreamOrigin) throw new Error('usage: floor-proxy-main.ts PORT UPSTREAM_ORIGIN');

const pool = new Pool(upstreamOrigin, { pipelining: 1, keepAliveTimeout: 30_000 });

const server = createServer({ keepAliveTimeout: 65_000, noDelay: true }, (request, response) => {
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => {
    let body: string | undefined;
    if (chunks.length > 0) {
      try {
        body = JSON.stringify(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      } catch {
        response.writeHead(400, { 'content-type': 'application/json' }).end('{"error":"invalid json"}');
        return;
      }
    }
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (request.headers.authorization) headers.authorization = request.headers.authorization;
    pool.request({ method: request.method === 'GET' ? 'GET' : 'POST', path: request.url ?? '/', headers, body: body ?? null }).then(
      (upstream) => {
        const contentType = upstream.headers['content-type'];
        response.writeHead(upstream.statusCode, typeof contentType === 'string' ? { 'content-type': contentType } : {});
        upstream.body.on('error', () => response.destroy());
        response.once('close', () => {
          if (!upstream.body.readableEnded) upstream.body.destroy();
        });
        upstream.body.pipe(response);
      },
      () => {
        if (!response.headersSent) response.writeHead(502, { 'content-type': 'application/json' });
        response.end('{"error":"upstream failed"}');
      },
    );
  });
});
server.listen(port, '127.0.0.1', () => process.stdout.write(`floor proxy listening on 127.0.0.1:${port}\n`));
process.once('SIGTERM', () => {
  server.closeAllConnections();
  server.close();
  void pool.destroy().then(() => process.exit(0));
});
