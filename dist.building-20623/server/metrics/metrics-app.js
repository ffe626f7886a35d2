import { Hono } from 'hono';
import { metricsRoute } from "./metrics-route.js";
/** `GET /metrics` as a Hono app to mount at `/metrics` (see {@link metricsRoute}). */
export function metricsApp(options) {
    const app = new Hono();
    const serve = metricsRoute(options);
    app.get('/', (c) => serve(c.req.raw));
    return app;
}
//# sourceMappingURL=metrics-app.js.map