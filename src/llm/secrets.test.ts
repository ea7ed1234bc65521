/**
 * The redaction table: common shapes of a secret in code and config, each of which must come
 * back without its value but with the code around it intact, and look-alikes (words, references,
 * test data named as such) that must come back unchanged so the model can still read the code.
 */
import { describe, expect, it } from 'vitest';
import { SourceRedactor } from './redact-source.js';

// Provider-format values are assembled at run time so this file itself trips no secret scanner.
const j = (...parts: string[]) => parts.join('');
const AWS_ID = j('AKIA', 'Q7TABLEZ4K9X2M8P');
const GOOGLE = j('AIza', 'SyT4bLe-Q7_abcdefghijklmnopqrstuvw');
const GITHUB = j('ghp_', 'T4bl3Q7aZ3xW5vB1nM8kL4jH6gF2dS0pO9iU');
const STRIPE = j('sk_live_', '51T4bleQ7abcdefGHIJklmn');
const SLACK = j('xoxb-', '1234567890-T4ble-Q7-token');
const OPENAI = j('sk-proj-', 'T4bq7Xc9Vb2Nm4Lk8Jh6Gf3Ds1Aq5Wr0Ty');
const ANTHROPIC = j('sk-ant-api03-', 'T4bq9Wm3Xn7Lb2Kc5Jd8Hf1Gs4Ar6Te0Yv_ZuTable');
const NPM = j('npm_', 'T4bleQ7aZ3xW5vB1nM8kL4jH6gF2dS0pO9iU');
const GITLAB = j('glpat-', 'T4bleQ7aZ3xW5vB1nM8k');
const AZURE_AD = j('T4b8Q~', 'abcdEFGHijklMNOPqrstUVWXyz0123456_');
const JWT = j('eyJhbGciOiJIUzI1NiJ9', '.', 'eyJzdWIiOiJ0YWJsZSJ9', '.', 'T4bLeSiGnAtUrE_q7w1gFWFOEjXk');
const PEM = (label: string, body: string) =>
  [`-----BEGIN ${label}PRIVATE KEY-----`, body, `-----END ${label}PRIVATE KEY-----`].join('\n');

/** [shape, text, the values that must not survive, the text kept before them if not all of it]. */
const SECRETS: [string, string, string[], string?][] = [
  // The seven shapes of the issue.
  ['env file', 'DB_PASSWORD=hunter2hunter2', ['hunter2hunter2']],
  ['shell export', 'export API_TOKEN=abcdefgh1234', ['abcdefgh1234']],
  ['YAML', 'password: s3cr3tpass', ['s3cr3tpass']],
  ['JS const', 'const pass = "hunter2"', ['hunter2']],
  ['setter call', 'user.setPassword("hunter2hunter2")', ['hunter2hunter2']],
  ['header assignment', 'headers["Authorization"] = "Bearer abc123def456"', ['abc123def456']],
  [
    'Slack webhook',
    'const hook = "https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX"',
    ['T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX'],
  ],
  // Env files, YAML, JSON, TOML, INI, properties.
  ['env, symbol', 'MYSQL_ROOT_PASSWORD=Tr0ub4dor&3', ['Tr0ub4dor&3']],
  ['env, quoted', 'REDIS_PASSWORD="r3d1s-pa55"', ['r3d1s-pa55']],
  ['env, cloud secret', 'AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYzzzKEY', ['wJalrXUtnFEMI']],
  ['YAML, indented', '  db:\n    password: s3cr3t-yaml-pw', ['s3cr3t-yaml-pw']],
  ['YAML, quoted', '  client_secret: "c1i3nt-s3cr3t-value"', ['c1i3nt-s3cr3t-value']],
  ['YAML, list item', '- token: tkn-8f7d6c5b4a', ['tkn-8f7d6c5b4a']],
  ['JSON', '{"api_key": "4f3c2b1a0987zyxw"}', ['4f3c2b1a0987zyxw']],
  ['JSON, symbols', '  "password": "Pa$$w0rd!2024",', ['Pa$$w0rd!2024']],
  ['TOML', 'secret_key = "toml-5ecret-k3y"', ['toml-5ecret-k3y']],
  ['INI', 'password=ini-passw0rd', ['ini-passw0rd']],
  ['INI, spaced', 'db_password = ini-s3cret!', ['ini-s3cret!']],
  ['properties', 'spring.datasource.password=spr1ng-pw', ['spr1ng-pw']],
  ['.npmrc', '//registry.npmjs.org/:_authToken=npm-4uth-t0k3n-v4lue', ['npm-4uth-t0k3n-v4lue']],
  // Dockerfile and shell.
  ['Dockerfile ENV', 'ENV DB_PASSWORD=dock3r-pw', ['dock3r-pw']],
  ['Dockerfile ENV, legacy', 'ENV API_KEY dock3r-legacy-k3y', ['dock3r-legacy-k3y']],
  ['Dockerfile ARG', 'ARG NPM_TOKEN=npm-t0ken-arg', ['npm-t0ken-arg']],
  ['shell export, quoted', 'export SESSION_SECRET="sh-s3ss10n-s3cret"', ['sh-s3ss10n-s3cret']],
  ['curl header', 'curl -H "X-Api-Key: k3y-9f8e7d6c" https://api.example.com', ['k3y-9f8e7d6c']],
  ['markdown code span', 'Never commit `export API_TOKEN=md-t0ken-span` to a repository.', ['md-t0ken-span']],
  ['scanner message', 'DB_PASSWORD=msg-pw-99 flows to the query', ['msg-pw-99']],
  // Code: assignments, comparisons, typed declarations, call arguments.
  ['comparison', 'if (password == "l3tm31n") grant();', ['l3tm31n']],
  ['Python typed', 'password: str = "typed-pw-1"', ['typed-pw-1']],
  ['Python kwarg', 'db.connect(host=h, password="kw4rg-pw")', ['kw4rg-pw']],
  ['Go', 'apiKey := "g0-ap1-k3y"', ['g0-ap1-k3y']],
  ['PHP array', "'db_password' => 'php-pw-123',", ['php-pw-123']],
  ['Kotlin', 'val clientSecret: String = "k0tlin-s3cret"', ['k0tlin-s3cret']],
  ['Java constant', 'private static final String DB_PASS = "j4va-pa55";', ['j4va-pa55']],
  ['C# property', 'options.ClientSecret = "cs-s3cret-v4l";', ['cs-s3cret-v4l']],
  ['passphrase with spaces', 'password = "correct horse battery"', ['correct horse battery']],
  ['API-key setter', "client.setApiKey('ap1-k3y-value')", ['ap1-k3y-value']],
  ['two-argument auth', 'new BasicAuth("admin", "b4sic-pw")', ['b4sic-pw'], 'new BasicAuth("'],
  ['default in getenv', 'os.getenv("API_TOKEN", "def4ult-t0k")', ['def4ult-t0k']],
  // Header values.
  ['fetch header', 'fetch(url, { headers: { "X-Api-Key": "x-ap1-key-v4l" } })', ['x-ap1-key-v4l']],
  [
    'basic auth header',
    "req.setHeader('Authorization', 'Basic YWRtaW46aHVudGVyMg==')",
    ['YWRtaW46aHVudGVyMg=='],
  ],
  ['Python header dict', 'headers = {"X-Auth-Token": "4uth-t0k3n-v4l"}', ['4uth-t0k3n-v4l']],
  // Connection strings.
  ['postgres URL', 'DATABASE_URL=postgres://app:pgPa55word@db:5432/app', ['pgPa55word'], 'DATABASE_URL='],
  ['mongodb+srv', 'uri = "mongodb+srv://admin:m0ng0-pw@cluster0.x.mongodb.net/db"', ['m0ng0-pw'], 'uri = "'],
  ['SQL Server', 'cs = "Server=tcp:x;User ID=sa;Password=Sql$erver1;"', ['Sql$erver1']],
  [
    'Azure storage',
    'conn = "DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=bXlrZXk0NTY3ODkwYWJjZGVm==;"',
    ['bXlrZXk0NTY3ODkwYWJjZGVm=='],
  ],
  ['redis, password only', 'REDIS_URL=redis://:r3dis-only-pw@cache:6379/0', ['r3dis-only-pw'], 'REDIS_URL='],
  ['JDBC query', 'url = "jdbc:mysql://db/app?user=app&password=jdbc-pw-77"', ['jdbc-pw-77']],
  // Webhook URLs.
  [
    'Discord webhook',
    'WEBHOOK = "https://discord.com/api/webhooks/123456789012345678/AbCdEf-ghIJKL_mnop"',
    ['AbCdEf-ghIJKL_mnop'],
    'WEBHOOK = "https://discord.com/api/webhooks/',
  ],
  [
    'Teams webhook',
    'url: https://acme.webhook.office.com/webhookb2/a1b2c3@d4e5/IncomingWebhook/f6a7/b8c9',
    ['a1b2c3@d4e5/IncomingWebhook/f6a7/b8c9'],
  ],
  [
    'signed URL',
    'blob = "https://acct.blob.core.windows.net/c/f?sv=2021-08-06&sig=abcDEF123%2Bxyz"',
    ['abcDEF123%2Bxyz'],
  ],
  // Cloud keys and provider tokens.
  ['AWS key id', `aws_access_key_id = ${AWS_ID}`, [AWS_ID]],
  ['Google API key', `const maps = '${GOOGLE}';`, [GOOGLE]],
  ['Azure AD client secret', `AZURE_CLIENT_SECRET=${AZURE_AD}`, [AZURE_AD]],
  ['GitHub token', `token = "${GITHUB}"`, [GITHUB]],
  ['Stripe key', `stripe.api_key = "${STRIPE}"`, [STRIPE]],
  ['Slack bot token', `slack = WebClient("${SLACK}")`, [SLACK]],
  ['OpenAI key', `OpenAI(api_key="${OPENAI}")`, [OPENAI]],
  ['Anthropic key', `new Anthropic({ apiKey: '${ANTHROPIC}' })`, [ANTHROPIC]],
  ['npm token', `//registry.npmjs.org/:_authToken=${NPM}`, [NPM]],
  ['GitLab token', `git clone https://oauth2:${GITLAB}@gitlab.com/x/y.git`, [GITLAB], 'git clone '],
  // JWTs and private keys.
  ['JWT', `const session = "${JWT}";`, [JWT]],
  ['JWT bearer', `axios.get(u, { headers: { Authorization: \`Bearer ${JWT}\` } })`, [JWT]],
  [
    'RSA key',
    `key = """\n${PEM('RSA ', 'MIIEpAIBAAKCAQEA3Tz2mr7SZiAMfQyuvBjM')}\n"""`,
    ['MIIEpAIBAAKCAQEA3Tz2mr7SZiAMfQyuvBjM'],
    'key = """\n',
  ],
  [
    'OpenSSH key',
    PEM('OPENSSH ', 'b3BlbnNzaC1rZXktdjEAAAAABG5vbmU0T4bLe'),
    ['b3BlbnNzaC1rZXktdjEAAAAABG5vbmU0T4bLe'],
    '',
  ],
  [
    'service-account JSON',
    `  "private_key": "${PEM('', 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASC').replace(/\n/g, '\\n')}\\n",`,
    ['MIIEvQIBADANBgkqhkiG9w0BAQEFAASC'],
    '  "private_key": "',
  ],
  [
    'key quoted without its end',
    'finding: hard-coded key -----BEGIN EC PRIVATE KEY-----\\nMHcCAQEEIB4T4bLeKeYbOdYq7',
    ['MHcCAQEEIB4T4bLeKeYbOdYq7'],
    'finding: hard-coded key ',
  ],
];

/** Look-alikes: each must come back exactly as it was. */
const KEPT: [string, string][] = [
  ['field name', 'password_field = "password"'],
  ['token type', 'token_type = "bearer"'],
  ['JSON token type', '{"token_type": "Bearer", "expires_in": 3600}'],
  ['test data', 'const TEST_PASSWORD = "test-password";'],
  ['fake data', 'fake_api_key = "fake-api-key-for-tests"'],
  ['dummy value', 'db_password = "dummy"'],
  ['mock value', 'mock_secret = "mock-secret-123"'],
  ['example value', 'EXAMPLE_TOKEN=example-token-value'],
  ['env lookup', 'password = os.environ["DB_PASSWORD"]'],
  ['process.env', 'const password = process.env.DB_PASSWORD;'],
  ['env reference', 'DB_PASSWORD=${DB_PASSWORD}'],
  ['template', 'password: "{{ vault_db_password }}"'],
  ['HTML input', '<input type="password" name="password" autocomplete="current-password">'],
  ['error message', 'if (!password) throw new Error("Password is required");'],
  ['validation message', 'validatePassword("Password must be at least 8 characters")'],
  ['OIDC method', 'token_endpoint_auth_method: "client_secret_post"'],
  ['length limit', 'PASSWORD_MIN_LENGTH=12'],
  ['header name', 'api_key_header = "X-API-Key"'],
  ['secret name', 'secret_name = "prod/db-credentials"'],
  ['masked', 'password = "********"'],
  ['getter', 'token = getToken()'],
  ['secret lookup', 'const key = getSecret("prod/api");'],
  ['passport', 'app.post("/login", passport.authenticate("local"));'],
  ['not a secret word', 'tokenizer = "wordpiece-v2"; bypass = "maintenance-mode"; secretary = "Alice"'],
  ['flag', 'auth_enabled: true'],
  ['TS interface', 'interface User {\n  password: string;\n  token?: string;\n}'],
  ['Python type only', 'class Settings:\n    password: str\n    api_key: SecretStr'],
  ['template header', 'Authorization: Bearer ${token}'],
  ['regex', 'const PASSWORD_REGEX = /^(?=.*\\d).{8,}$/;'],
  ['path option', 'private_key_path: /etc/ssl/private/server.key'],
  ['variable', 'password = pw'],
  ['keyword arguments', 'db.connect(user=user, password=password, token=get_token())'],
  ['JS object shorthand', 'login({ user, password: pass, });'],
];

describe('redaction table', () => {
  it('redacts every secret shape, keeps the code around it, and keeps every look-alike', () => {
    let redacted = 0;
    const missed: string[] = [];
    for (const [shape, text, secrets, keep] of SECRETS) {
      const r = new SourceRedactor();
      const out = r.redact(text);
      // Gone, with the identifier and the code before it untouched, and restored exactly.
      const before = keep ?? text.slice(0, text.indexOf(secrets[0]!));
      const ok =
        secrets.every((s) => !out.includes(s)) &&
        out.startsWith(before) &&
        /REDACTED_[A-Z_]+_[0-9a-f]{16}_1\b/.test(out) &&
        r.restore(out) === text;
      if (ok) redacted++;
      else missed.push(`${shape}: ${out}`);
    }
    let kept = 0;
    const changed: string[] = [];
    for (const [shape, text] of KEPT) {
      const out = new SourceRedactor().redact(text);
      if (out === text) kept++;
      else changed.push(`${shape}: ${out}`);
    }
    console.log(`redaction table: ${redacted} secret shapes redacted, ${kept} look-alikes kept`);
    expect(missed).toEqual([]);
    expect(changed).toEqual([]);
    expect(redacted).toBeGreaterThanOrEqual(40);
    expect(kept).toBeGreaterThanOrEqual(15);
  });

  it('redacts absolute paths, internal hosts and private addresses, not repository paths', () => {
    const text = [
      'open("/opt/acme/billing/config.yml")',
      'LOG=/var/log/acme-billing/app.log',
      "cache = '/srv/acme/cache'",
      'root = "D:\\\\deploy\\\\acme\\\\app"',
      'share = "\\\\\\\\fileserver\\\\finance\\\\q3.xlsx"',
      'db = "pg.billing.internal:5432"',
      'ldap = "ldap://dc01.acme.corp"',
      'api = "http://build-7.local/api"',
      'redis = "10.12.0.7"; vpn = "192.168.4.20"; k8s = "172.20.3.4"',
    ].join('\n');
    const out = new SourceRedactor().redact(text);
    for (const leak of [
      '/opt/acme',
      '/var/log/acme',
      '/srv/acme',
      'deploy',
      'fileserver',
      'billing.internal',
    ]) {
      expect(out).not.toContain(leak);
    }
    for (const leak of ['acme.corp', 'build-7.local', '10.12.0.7', '192.168.4.20', '172.20.3.4']) {
      expect(out).not.toContain(leak);
    }
    const code =
      'import x from "./src/app.js";\nthis.local = self.internal;\nconst v = "1.2.3.4";\napp.get("/api/users")';
    expect(new SourceRedactor().redact(code)).toBe(code);
  });
});
