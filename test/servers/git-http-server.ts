/**
 * test/servers/git-http-server: a loopback git smart-HTTP remote, served by git's own CGI
 * program (`git http-backend`) over bare repositories on disk, so pushes and fetches speak the
 * real protocol. Every request must carry `Authorization: Basic <user:token>` (else 401),
 * and each is recorded. While a push (git-receive-pack) is in flight the server takes a
 * snapshot of the process list (`ps -eww -o args`), so a test can check what other users
 * on the machine could have seen during the push.
 */
import { execFileSync, spawn } from 'node:child_process';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface GitHttpRequest {
  method: string;
  path: string;
  authorization?: string;
}

export class GitHttpServer {
  readonly requests: GitHttpRequest[] = [];
  /** `ps` output taken during each push. */
  readonly processLists: string[] = [];
  private server: Server | undefined;
  url = '';

  /** `root` holds the bare repositories (root/app.git); `expected` is the Basic credential. */
  constructor(
    readonly root: string,
    readonly expected: { user: string; token: string },
  ) {}

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((r) => this.server?.close(() => r()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    this.requests.push({
      method: req.method ?? 'GET',
      path: url.pathname,
      authorization: req.headers.authorization,
    });
    const basic = Buffer.from(`${this.expected.user}:${this.expected.token}`).toString('base64');
    if (req.headers.authorization !== `Basic ${basic}`) {
      res.writeHead(401, { 'www-authenticate': 'Basic realm="git"' });
      res.end('authentication required\n');
      return;
    }
    if (url.pathname.endsWith('/git-receive-pack')) {
      this.processLists.push(execFileSync('ps', ['-eww', '-o', 'args='], { encoding: 'utf8' }));
    }
    const child = spawn('git', ['http-backend'], {
      env: {
        PATH: process.env.PATH,
        GIT_PROJECT_ROOT: this.root,
        GIT_HTTP_EXPORT_ALL: '1',
        REMOTE_USER: this.expected.user,
        REMOTE_ADDR: '127.0.0.1',
        REQUEST_METHOD: req.method ?? 'GET',
        PATH_INFO: url.pathname,
        QUERY_STRING: url.search.replace(/^\?/, ''),
        CONTENT_TYPE: req.headers['content-type'] ?? '',
        ...(req.headers['content-encoding']
          ? { HTTP_CONTENT_ENCODING: req.headers['content-encoding'] }
          : {}),
        ...(req.headers['git-protocol'] ? { GIT_PROTOCOL: String(req.headers['git-protocol']) } : {}),
      },
    });
    req.pipe(child.stdin);
    const chunks: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => chunks.push(c));
    await new Promise((r) => child.on('close', r));
    const out = Buffer.concat(chunks);
    const split = out.indexOf('\r\n\r\n');
    const head = out.subarray(0, split).toString('latin1');
    const headers: Record<string, string> = {};
    let status = 200;
    for (const line of head.split('\r\n')) {
      const at = line.indexOf(':');
      const name = line.slice(0, at).trim().toLowerCase();
      const value = line.slice(at + 1).trim();
      if (name === 'status') status = Number(value.split(' ')[0]);
      else if (name) headers[name] = value;
    }
    res.writeHead(status, headers);
    res.end(out.subarray(split + 4));
  }
}
