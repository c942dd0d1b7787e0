import { readFileSync } from 'node:fs';

/** simdict's version, from package.json (../package.json from both src/ and dist/): recorded in dictionaries, shown by the CLI and the server. */
export const VERSION: string = (() => {
  try {
    return (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
})();
