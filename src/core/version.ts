/** core/version: the package version, read once from package.json next to the build. */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | undefined;

export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string };
      if (pkg.name === 'trust-cli') return dir;
    } catch {
      // keep walking up
    }
    dir = dirname(dir);
  }
  throw new Error('cannot locate the trust package root');
}

export function trustVersion(): string {
  if (cached) return cached;
  const pkg = JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string };
  cached = pkg.version;
  return cached;
}

/** The project's home page (package.json "homepage"): what `trust scan` names in its User-Agent. */
export function projectUrl(): string {
  const pkg = JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { homepage?: string };
  return pkg.homepage ?? REPORT_BUGS_URL.replace(/\/issues$/, '');
}

export const REPORT_BUGS_URL = 'https://github.com/trust-cli/trust/issues';
