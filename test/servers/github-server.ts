/**
 * test/servers/github-server: a loopback GitHub REST API for one repository, enough for what
 * trust calls (repository, pulls, labels, reviewers, comments). Every request is matched
 * against GitHub's official OpenAPI description (@octokit/openapi) and its parameters and
 * body validated there; an operation the description lacks, one this server does not
 * implement, or an invalid request is answered 404/422 and listed in `problems`, so a test
 * fails when trust calls something it should not. `failNext` injects server errors.
 */
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { OpenApiCheck } from './openapi-check.js';

export interface Pull {
  number: number;
  title: string;
  body: string;
  head: string;
  base: string;
  draft: boolean;
  state: 'open' | 'closed';
  labels: string[];
  reviewers: string[];
  comments: string[];
}

export interface GitHubRequest {
  method: string;
  path: string;
  operation: string;
  authorization?: string;
  body: unknown;
}

let check: OpenApiCheck | undefined;
function openApi(): OpenApiCheck {
  const require = createRequire(import.meta.url);
  const file = require.resolve('@octokit/openapi/generated/api.github.com.json');
  check ??= new OpenApiCheck(JSON.parse(readFileSync(file, 'utf8')));
  return check;
}

type Handler = (ctx: {
  params: Record<string, string>;
  query: URLSearchParams;
  body: any;
}) => [number, unknown];

export class GitHubServer {
  readonly pulls: Pull[] = [];
  readonly requests: GitHubRequest[] = [];
  readonly problems: string[] = [];
  private failures: { status: number; count: number } = { status: 0, count: 0 };
  private server: Server | undefined;
  url = '';

  constructor(
    readonly owner: string,
    readonly repo: string,
    readonly defaultBranch = 'main',
  ) {}

  /** While set, every request it returns true for is answered 500 (after being recorded). */
  failWhere: ((request: GitHubRequest) => boolean) | undefined;

  /** Answer the next `count` requests with `status`. */
  failNext(count: number, status = 500): void {
    this.failures = { status, count };
  }

  open(): Pull[] {
    return this.pulls.filter((p) => p.state === 'open');
  }

  async start(): Promise<this> {
    const api = openApi();
    this.server = createServer((req, res) => void this.handle(api, req, res));
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((r) => this.server?.close(() => r()));
  }

  private async handle(api: OpenApiCheck, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://localhost');
    const method = req.method ?? 'GET';
    const send = (status: number, value: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify(value));
    };
    let body: unknown;
    try {
      body = raw ? JSON.parse(raw) : undefined;
    } catch {
      this.problems.push(`${method} ${url.pathname}: body is not JSON`);
      return send(400, { message: 'Problems parsing JSON' });
    }
    const matched = api.match(method, url.pathname);
    const operation = matched ? `${method} ${matched.template}` : `${method} ${url.pathname}`;
    this.requests.push({
      method,
      path: url.pathname + url.search,
      operation,
      authorization: req.headers.authorization,
      body,
    });
    if (this.failWhere?.(this.requests.at(-1)!)) return send(500, { message: 'Server Error' });
    if (this.failures.count > 0) {
      this.failures.count--;
      return send(this.failures.status, { message: 'Server Error' });
    }
    if (!matched) {
      this.problems.push(`${operation}: not an operation of the GitHub REST API`);
      return send(404, { message: 'Not Found' });
    }
    const invalid = api.validate(method, matched, url.searchParams, body);
    if (invalid.length > 0) {
      this.problems.push(...invalid.map((p) => `${operation}: ${p}`));
      return send(422, { message: 'Validation Failed', errors: invalid });
    }
    if (matched.params.owner !== this.owner || matched.params.repo !== this.repo)
      return send(404, { message: 'Not Found' });
    const handler = this.routes[operation];
    if (!handler) {
      this.problems.push(`${operation}: not implemented by the loopback server (trust should not call it)`);
      return send(404, { message: 'Not Found' });
    }
    const [status, value] = handler({ params: matched.params, query: url.searchParams, body });
    send(status, value);
  }

  private pullJson(p: Pull) {
    return {
      number: p.number,
      html_url: `https://github.example/${this.owner}/${this.repo}/pull/${p.number}`,
      state: p.state,
      title: p.title,
      body: p.body,
      draft: p.draft,
      head: {
        ref: p.head,
        label: `${this.owner}:${p.head}`,
        repo: { full_name: `${this.owner}/${this.repo}` },
      },
      base: { ref: p.base },
      labels: p.labels.map((name) => ({ name })),
    };
  }

  private find(n: string): Pull | undefined {
    return this.pulls.find((p) => p.number === Number(n));
  }

  private readonly routes: Record<string, Handler> = {
    'GET /repos/{owner}/{repo}': () => [
      200,
      { name: this.repo, full_name: `${this.owner}/${this.repo}`, default_branch: this.defaultBranch },
    ],
    'GET /repos/{owner}/{repo}/pulls': ({ query }) => {
      const state = query.get('state') ?? 'open';
      const head = query.get('head');
      const page = Number(query.get('page') ?? 1);
      const per = Number(query.get('per_page') ?? 30);
      const list = this.pulls
        .filter((p) => state === 'all' || p.state === state)
        .filter((p) => !head || `${this.owner}:${p.head}` === head)
        .slice((page - 1) * per, page * per);
      return [200, list.map((p) => this.pullJson(p))];
    },
    'POST /repos/{owner}/{repo}/pulls': ({ body }) => {
      if (this.pulls.some((p) => p.state === 'open' && p.head === body.head)) {
        return [
          422,
          {
            message: 'Validation Failed',
            errors: [{ message: `A pull request already exists for ${this.owner}:${body.head}.` }],
          },
        ];
      }
      const pull: Pull = {
        number: this.pulls.length + 1,
        title: body.title,
        body: body.body ?? '',
        head: body.head,
        base: body.base,
        draft: body.draft ?? false,
        state: 'open',
        labels: [],
        reviewers: [],
        comments: [],
      };
      this.pulls.push(pull);
      return [201, this.pullJson(pull)];
    },
    'PATCH /repos/{owner}/{repo}/pulls/{pull_number}': ({ params, body }) => {
      const pull = this.find(params.pull_number!);
      if (!pull) return [404, { message: 'Not Found' }];
      if (body.title !== undefined) pull.title = body.title;
      if (body.body !== undefined) pull.body = body.body;
      if (body.state !== undefined) pull.state = body.state;
      return [200, this.pullJson(pull)];
    },
    'POST /repos/{owner}/{repo}/issues/{issue_number}/labels': ({ params, body }) => {
      const pull = this.find(params.issue_number!);
      if (!pull) return [404, { message: 'Not Found' }];
      for (const l of body.labels as string[]) if (!pull.labels.includes(l)) pull.labels.push(l);
      return [200, pull.labels.map((name) => ({ name }))];
    },
    'POST /repos/{owner}/{repo}/pulls/{pull_number}/requested_reviewers': ({ params, body }) => {
      const pull = this.find(params.pull_number!);
      if (!pull) return [404, { message: 'Not Found' }];
      pull.reviewers.push(...(body.reviewers as string[]));
      return [201, this.pullJson(pull)];
    },
    'POST /repos/{owner}/{repo}/issues/{issue_number}/comments': ({ params, body }) => {
      const pull = this.find(params.issue_number!);
      if (!pull) return [404, { message: 'Not Found' }];
      pull.comments.push(body.body);
      return [201, { id: pull.comments.length, body: body.body }];
    },
  };
}
