/**
 * test/servers/npm-registry: a loopback npm registry on 127.0.0.1 that answers the way
 * registry.npmjs.org does for what `npm install --package-lock-only` and `npm ci --dry-run`
 * read: `GET /<name>` returns the packument (dist-tags, versions with dependencies and dist),
 * `GET /<name>/-/<name>-<version>.tgz` the tarball. `publish` adds a version and moves
 * `latest`, as a real release does. Nothing is cached (no-store), so npm sees each publish.
 *
 * Fakes fail loudly: a request for anything else is answered 404 and listed in `unexpected`.
 */
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';

interface Version {
  dependencies: Record<string, string>;
  tarball: Buffer;
}

export interface NpmRegistry {
  /** "http://127.0.0.1:<port>/" */
  url: string;
  publish(name: string, version: string, dependencies?: Record<string, string>): void;
  /** Request paths the registry had nothing for. */
  unexpected: string[];
  close(): Promise<void>;
}

/** A real (tiny) package tarball: package/package.json in a gzipped ustar archive. */
function tarball(name: string, version: string, dependencies: Record<string, string>): Buffer {
  const body = Buffer.from(JSON.stringify({ name, version, dependencies }));
  const header = Buffer.alloc(512);
  header.write('package/package.json', 0);
  header.write('0000644\0', 100);
  header.write('0000000\0', 108);
  header.write('0000000\0', 116);
  header.write(`${body.length.toString(8).padStart(11, '0')}\0`, 124);
  header.write('00000000000\0', 136);
  header.write('        ', 148);
  header.write('0', 156);
  header.write('ustar\0' + '00', 257);
  let sum = 0;
  for (const byte of header) sum += byte;
  header.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
  const padding = Buffer.alloc((512 - (body.length % 512)) % 512);
  return gzipSync(Buffer.concat([header, body, padding, Buffer.alloc(1024)]));
}

export async function startNpmRegistry(): Promise<NpmRegistry> {
  const packages = new Map<string, { latest: string; versions: Map<string, Version> }>();
  const unexpected: string[] = [];
  let url = '';

  const packument = (name: string) => {
    const pkg = packages.get(name)!;
    const versions: Record<string, unknown> = {};
    for (const [version, v] of pkg.versions) {
      versions[version] = {
        name,
        version,
        dependencies: v.dependencies,
        dist: {
          tarball: `${url}${name}/-/${name}-${version}.tgz`,
          shasum: createHash('sha1').update(v.tarball).digest('hex'),
          integrity: `sha512-${createHash('sha512').update(v.tarball).digest('base64')}`,
        },
      };
    }
    return { name, 'dist-tags': { latest: pkg.latest }, versions };
  };

  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname).slice(1);
    const tgz = /^([^/]+)\/-\/\1-(.+)\.tgz$/.exec(path);
    const headers = { 'cache-control': 'no-store' };
    if (packages.has(path)) {
      res.writeHead(200, { ...headers, 'content-type': 'application/json' });
      res.end(JSON.stringify(packument(path)));
    } else if (tgz && packages.get(tgz[1]!)?.versions.has(tgz[2]!)) {
      res.writeHead(200, { ...headers, 'content-type': 'application/octet-stream' });
      res.end(packages.get(tgz[1]!)!.versions.get(tgz[2]!)!.tarball);
    } else {
      unexpected.push(`${req.method} /${path}`);
      res.writeHead(404, { ...headers, 'content-type': 'application/json' });
      res.end('{"error":"Not found"}');
    }
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;

  return {
    url,
    unexpected,
    publish(name, version, dependencies = {}) {
      const pkg = packages.get(name) ?? { latest: version, versions: new Map() };
      pkg.versions.set(version, { dependencies, tarball: tarball(name, version, dependencies) });
      pkg.latest = version;
      packages.set(name, pkg);
    },
    close: () => new Promise<void>((done) => server.close(() => done())),
  };
}
