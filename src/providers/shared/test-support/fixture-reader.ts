import { readFileSync } from 'node:fs';

/**
 * A reader of the fixture files in one folder: `fixtureReader(new URL('./__fixtures__/', import.meta.url))`
 * returns `(name) => text` (UTF-8).
 */
export function fixtureReader(folder: URL): (name: string) => string {
  return (name) => readFileSync(new URL(name, folder), 'utf8');
}
