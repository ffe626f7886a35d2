import { Hono } from 'hono';
import { metricsRoute, type MetricsRouteOptions } from './metrics-route.ts';

/** `GET /metrics` as a Hono app to mount at `/metrics` (see {@link metricsRoute}). */
export function metricsApp(options: MetricsRouteOptions): Hono {
  const app = new Hono();
  const serve = metricsRoute(options);
  app.get('/', (c) => serve(c.req.raw));
  return app;
}
