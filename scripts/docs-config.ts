// `npm run docs:config`: writes docs/configuration.md and config/sovereign.schema.json from the configuration's zod
// schema. Run it after changing a setting; a test fails while the committed files are out of date.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generatedConfigFiles } from '../src/server/config/generated-config-files.ts';

const repository = fileURLToPath(new URL('..', import.meta.url));
for (const file of generatedConfigFiles()) {
  const target = join(repository, file.path);
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, file.text);
  process.stdout.write(`wrote ${file.path}\n`);
}
