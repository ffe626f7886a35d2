import { Hono } from 'hono';
import { createUiApi } from "./ui-api.js";
import { createUiStatic } from "./ui-static.js";
/** The dashboard, to mount at `/ui`: its API under `/ui/api`, its built page and assets for the rest. */
export function createUiApp(dependencies) {
    const app = new Hono();
    app.route('/api', createUiApi(dependencies));
    app.route('/', createUiStatic(dependencies.webDist));
    return app;
}
//# sourceMappingURL=ui-app.js.map