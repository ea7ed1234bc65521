/**
 * test/servers/gitlab-server: a loopback GitLab REST API v4 for one project, enough for what
 * trust calls. GitLab publishes no machine-readable description of these endpoints, so the
 * request schemas below are written from its API documentation (doc/api/merge_requests.md,
 * notes.md, projects.md, users.md: the attributes each endpoint accepts, their types and
 * which are required). Every request is validated; an unknown endpoint or an invalid
 * request is answered 404/400 and listed in `problems`. `failNext` injects server errors.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Ajv, type ValidateFunction } from 'ajv';

export interface MergeRequest {
  iid: number;
  title: string;
  description: string;
  source_branch: string;
  target_branch: string;
  state: 'opened' | 'closed';
  labels: string[];
  reviewer_ids: number[];
  notes: string[];
}

const int = { type: 'integer' };
const str = { type: 'string' };
const bool = { type: 'boolean' };
const labels = { anyOf: [str, { type: 'array', items: str }] };
const projectId = { anyOf: [int, str] };

/** Request schemas per route, from the GitLab API documentation. */
const ROUTES: Record<string, { query?: object; body?: object }> = {
  'GET /projects/:id': { query: { license: bool, statistics: bool, with_custom_attributes: bool } },
  'GET /projects/:id/merge_requests': {
    query: {
      state: { enum: ['opened', 'closed', 'locked', 'merged', 'all'] },
      source_branch: str,
      target_branch: str,
      labels: str,
      per_page: int,
      page: int,
      pagination: { enum: ['offset', 'keyset'] },
      order_by: str,
      sort: { enum: ['asc', 'desc'] },
    },
  },
  'POST /projects/:id/merge_requests': {
    body: {
      type: 'object',
      required: ['source_branch', 'target_branch', 'title'],
      additionalProperties: false,
      properties: {
        id: projectId,
        source_branch: str,
        target_branch: str,
        title: str,
        description: { type: 'string', maxLength: 1_048_576 },
        labels,
        reviewer_ids: { type: 'array', items: int },
        assignee_id: int,
        assignee_ids: { type: 'array', items: int },
        milestone_id: int,
        remove_source_branch: bool,
        squash: bool,
        allow_collaboration: bool,
        allow_maintainer_to_push: bool,
        target_project_id: int,
      },
    },
  },
  'PUT /projects/:id/merge_requests/:iid': {
    body: {
      type: 'object',
      additionalProperties: false,
      minProperties: 1,
      properties: {
        id: projectId,
        merge_request_iid: int,
        title: str,
        description: { type: 'string', maxLength: 1_048_576 },
        add_labels: labels,
        remove_labels: labels,
        labels,
        state_event: { enum: ['close', 'reopen'] },
        target_branch: str,
        reviewer_ids: { type: 'array', items: int },
        remove_source_branch: bool,
        squash: bool,
        discussion_locked: bool,
      },
    },
  },
  'POST /projects/:id/merge_requests/:iid/notes': {
    body: {
      type: 'object',
      required: ['body'],
      additionalProperties: false,
      properties: {
        id: projectId,
        merge_request_iid: int,
        body: { type: 'string', minLength: 1, maxLength: 1_000_000 },
        internal: bool,
      },
    },
  },
  'GET /users': { query: { username: str, per_page: int, page: int } },
};

export class GitLabServer {
  readonly mergeRequests: MergeRequest[] = [];
  readonly requests: { method: string; route: string; token?: string; body: unknown }[] = [];
  readonly problems: string[] = [];
  private failures = { status: 0, count: 0 };
  private server: Server | undefined;
  private readonly ajv = new Ajv({ allErrors: true, coerceTypes: true });
  private readonly validators = new Map<string, ValidateFunction>();
  url = '';

  constructor(
    readonly projectPath: string,
    readonly projectId = 42,
    readonly defaultBranch = 'main',
    readonly users: Record<string, number> = { alice: 7 },
  ) {}

  get apiUrl(): string {
    return `${this.url}/api/v4`;
  }

  failNext(count: number, status = 500): void {
    this.failures = { status, count };
  }

  open(): MergeRequest[] {
    return this.mergeRequests.filter((m) => m.state === 'opened');
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((r) => this.server?.close(() => r()));
  }

  private validate(key: string, schema: object, value: unknown): string[] {
    let v = this.validators.get(key);
    if (!v) {
      v = this.ajv.compile(schema);
      this.validators.set(key, v);
    }
    return v(value) ? [] : (v.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://localhost');
    const method = req.method ?? 'GET';
    const send = (status: number, value: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(value));
    };
    const path = url.pathname.replace(/^\/api\/v4/, '');
    const route = `${method} ${path.replace(/^\/projects\/[^/]+/, '/projects/:id').replace(/\/merge_requests\/\d+/, '/merge_requests/:iid')}`;
    let body: Record<string, unknown> | undefined;
    try {
      body = raw ? JSON.parse(raw) : undefined;
    } catch {
      this.problems.push(`${route}: body is not JSON`);
      return send(400, { message: 'body is not JSON' });
    }
    this.requests.push({ method, route, token: req.headers['private-token'] as string | undefined, body });
    if (this.failures.count > 0) {
      this.failures.count--;
      return send(this.failures.status, { message: '500 Internal Server Error' });
    }
    const spec = ROUTES[route];
    if (!url.pathname.startsWith('/api/v4/') || !spec) {
      this.problems.push(`${route}: not an endpoint this server knows`);
      return send(404, { message: '404 Not Found' });
    }
    const query = Object.fromEntries(url.searchParams);
    const problems = [
      ...this.validate(
        `${route} query`,
        { type: 'object', additionalProperties: false, properties: spec.query ?? {} },
        query,
      ),
      ...(spec.body
        ? this.validate(`${route} body`, spec.body, body ?? {})
        : body
          ? ['a GET takes no body']
          : []),
    ];
    if (problems.length > 0) {
      this.problems.push(...problems.map((p) => `${route}: ${p}`));
      return send(400, { message: problems.join('; ') });
    }
    const id = decodeURIComponent(path.split('/')[2] ?? '');
    if (route.startsWith(`${method} /projects`) && id !== String(this.projectId) && id !== this.projectPath) {
      return send(404, { message: '404 Project Not Found' });
    }
    const [status, value] = this.answer(
      route,
      url.searchParams,
      body ?? {},
      Number(/merge_requests\/(\d+)/.exec(path)?.[1]),
    );
    send(status, value);
  }

  private mrJson(m: MergeRequest) {
    return {
      id: 1000 + m.iid,
      iid: m.iid,
      project_id: this.projectId,
      title: m.title,
      description: m.description,
      state: m.state,
      source_branch: m.source_branch,
      target_branch: m.target_branch,
      labels: m.labels,
      draft: m.title.startsWith('Draft:'),
      web_url: `https://gitlab.example/${this.projectPath}/-/merge_requests/${m.iid}`,
    };
  }

  private answer(
    route: string,
    query: URLSearchParams,
    body: Record<string, any>,
    iid: number,
  ): [number, unknown] {
    const mr = this.mergeRequests.find((m) => m.iid === iid);
    switch (route) {
      case 'GET /projects/:id':
        return [
          200,
          {
            id: this.projectId,
            path_with_namespace: this.projectPath,
            default_branch: this.defaultBranch,
            web_url: `https://gitlab.example/${this.projectPath}`,
          },
        ];
      case 'GET /projects/:id/merge_requests': {
        const state = query.get('state');
        const source = query.get('source_branch');
        const list = this.mergeRequests.filter(
          (m) => (!state || state === 'all' || m.state === state) && (!source || m.source_branch === source),
        );
        return [200, list.map((m) => this.mrJson(m))];
      }
      case 'POST /projects/:id/merge_requests': {
        if (this.open().some((m) => m.source_branch === body.source_branch)) {
          return [409, { message: ['Another open merge request already exists for this source branch'] }];
        }
        const created: MergeRequest = {
          iid: this.mergeRequests.length + 1,
          title: body.title,
          description: body.description ?? '',
          source_branch: body.source_branch,
          target_branch: body.target_branch,
          state: 'opened',
          labels: toList(body.labels),
          reviewer_ids: body.reviewer_ids ?? [],
          notes: [],
        };
        this.mergeRequests.push(created);
        return [201, this.mrJson(created)];
      }
      case 'PUT /projects/:id/merge_requests/:iid': {
        if (!mr) return [404, { message: '404 Not found' }];
        if (body.title !== undefined) mr.title = body.title;
        if (body.description !== undefined) mr.description = body.description;
        for (const l of toList(body.add_labels)) if (!mr.labels.includes(l)) mr.labels.push(l);
        if (body.state_event === 'close') mr.state = 'closed';
        return [200, this.mrJson(mr)];
      }
      case 'POST /projects/:id/merge_requests/:iid/notes': {
        if (!mr) return [404, { message: '404 Not found' }];
        mr.notes.push(body.body);
        return [201, { id: mr.notes.length, body: body.body }];
      }
      case 'GET /users': {
        const name = query.get('username') ?? '';
        const id = this.users[name];
        return [200, id ? [{ id, username: name }] : []];
      }
      default:
        return [404, { message: '404 Not Found' }];
    }
  }
}

function toList(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String);
  if (typeof value === 'string' && value) return value.split(',');
  return [];
}
