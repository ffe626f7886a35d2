import { Hono } from 'hono';
import { createUiApi, type UiApiDependencies } from './ui-api.ts';
import { createUiStatic } from './ui-static.ts';

/** The dashboard, to mount at `/ui`: its API under `/ui/api`, its built page and assets for the rest. */
export function createUiApp(dependencies: UiApiDependencies & { webDist?: string }): Hono {
  const app = new Hono();
  app.route('/api', createUiApi(dependencies));
  app.route('/', createUiStatic(dependencies.webDist));
  return app;
}
