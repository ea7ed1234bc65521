/**
 * llm/secret-rules: the data the source redactor matches against, kept apart from the code
 * that runs it (secrets.ts, secret-names.ts) so a rule is a line to add, not logic to change.
 * Token formats follow the prefixes and lengths the providers document or issue; the same
 * formats are what public secret scanners (gitleaks, secretlint) look for. Each rule names a
 * lower-case keyword that any match must contain, so a file without it skips the regex.
 */

export interface TokenRule {
  id: string;
  /** A lower-case substring every match contains: the regex runs only on text that has it. */
  keyword: string;
  pattern: RegExp;
}

/** A set from a whitespace-separated list: word lists read as data. */
const wordsOf = (list: string) => list.split(/\s+/).filter(Boolean);
const wordSet = (list: string) => new Set(wordsOf(list));

const rule = (id: string, keyword: string, pattern: RegExp): TokenRule => ({ id, keyword, pattern });

/** Provider token formats: each match is a secret whatever name it is assigned to. */
export const TOKEN_RULES: readonly TokenRule[] = [
  rule('anthropic', 'sk-ant-', /\bsk-ant-(?:api|admin|sid)\d{2}-[A-Za-z0-9_-]{20,}/g),
  rule('openai', 'sk-', /\bsk-(?:proj-|svcacct-|admin-|None-)?[A-Za-z0-9_-]{20,}/g),
  rule('aws-access-key-id', 'a', /\b(?:AKIA|ASIA|ABIA|ACCA|A3T[A-Z0-9])[0-9A-Z]{16}\b/g),
  rule('github', '_', /\bgh[pousr]_[A-Za-z0-9]{36,}\b/g),
  rule('github-fine-grained', 'github_pat_', /\bgithub_pat_[A-Za-z0-9_]{22,}\b/g),
  rule('gitlab', 'gl', /\bgl(?:pat|ptt|dt|rt|oas|cbt|imt|ft|agent|soat)-[A-Za-z0-9_-]{20,}\b/g),
  rule('slack-token', 'xox', /\bxox[abposre]-(?:\d+-)?[A-Za-z0-9-]{10,}\b/g),
  rule('slack-app-token', 'xapp-', /\bxapp-\d-[A-Z0-9]+-\d+-[a-z0-9]+\b/gi),
  rule('stripe', 'k_', /\b(?:sk|rk|pk)_(?:live|test)_[A-Za-z0-9]{16,}\b/g),
  rule('stripe-webhook', 'whsec_', /\bwhsec_[A-Za-z0-9]{24,}\b/g),
  rule('google-api-key', 'aiza', /\bAIza[0-9A-Za-z_-]{35}\b/g),
  rule('google-oauth-token', 'ya29.', /\bya29\.[0-9A-Za-z_-]{20,}/g),
  rule('google-client-secret', 'gocspx-', /\bGOCSPX-[A-Za-z0-9_-]{28}\b/g),
  rule('npm', 'npm_', /\bnpm_[A-Za-z0-9]{36}\b/g),
  rule('hugging-face', 'hf_', /\bhf_[A-Za-z0-9]{30,}\b/g),
  rule('sendgrid', 'sg.', /\bSG\.[A-Za-z0-9_-]{16,}\.[A-Za-z0-9_-]{16,}\b/g),
  rule('twilio', 'sk', /\bSK[0-9a-f]{32}\b/g),
  rule('digitalocean', 'do', /\bdo[por]_v1_[a-f0-9]{64}\b/g),
  rule('pypi', 'pypi-', /\bpypi-[A-Za-z0-9_-]{50,}\b/g),
  rule('shopify', 'shp', /\bshp(?:at|ca|pa|ss)_[a-fA-F0-9]{32}\b/g),
  rule('mailgun', 'key-', /\bkey-[0-9a-z]{32}\b/g),
  rule('mailchimp', '-us', /\b[0-9a-f]{32}-us\d{1,2}\b/g),
  rule('square', 'sq0', /\bsq0(?:atp|csp)-[0-9A-Za-z_-]{22,}\b/g),
  rule('databricks', 'dapi', /\bdapi[a-f0-9]{32}(?:-\d)?\b/g),
  rule('doppler', 'dp.', /\bdp\.(?:pt|st|sa|ct|scim|audit)\.[A-Za-z0-9]{40,}\b/g),
  rule('linear', 'lin_api_', /\blin_api_[A-Za-z0-9]{40}\b/g),
  rule('atlassian', 'atatt', /\bATATT3[A-Za-z0-9_=-]{20,}\b/g),
  rule('new-relic', 'nr', /\bNR(?:AK|AA|II)-[A-Z0-9]{27}\b/g),
  rule('sentry', 'sntr', /\bsntr[ysu]_[A-Za-z0-9_=+/-]{30,}/g),
  rule('grafana', 'gl', /\bgl(?:sa|c)_[A-Za-z0-9_=+/-]{32,}/g),
  rule('postman', 'pmak-', /\bPMAK-[a-f0-9]{24}-[a-f0-9]{34}\b/g),
  rule('pulumi', 'pul-', /\bpul-[a-f0-9]{40}\b/g),
  rule('vault', 'hv', /\bhv[sb]\.[A-Za-z0-9_-]{24,}\b/g),
  rule('telegram-bot', ':', /\b\d{8,10}:AA[A-Za-z0-9_-]{33}\b/g),
  rule('age-secret-key', 'age-secret-key-1', /\bAGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58}\b/g),
  rule('azure-ad-client-secret', 'q~', /(?<![\w~.-])[A-Za-z0-9_~.]{3}\dQ~[A-Za-z0-9_~.-]{31,34}(?![\w~.-])/g),
  rule('one-password', 'ops_', /\bops_eyJ[A-Za-z0-9+/]{100,}={0,2}/g),
  rule('heroku', 'hrku-', /\bHRKU-[A-Za-z0-9_-]{60}\b/g),
];

export interface ValueRule {
  id: string;
  keyword: string;
  pattern: RegExp;
  /** Redact only this capture group (the secret part, not the visible context). */
  group?: number;
}

/** Secrets that live inside a larger value: key material, URLs, headers, connection strings. */
export const VALUE_RULES: readonly ValueRule[] = [
  {
    id: 'private-key',
    keyword: 'private key',
    // The END line is optional: a scanner message or an excerpt may quote only the start.
    pattern:
      /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----(?:[\s\S]*?-----END (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----|(?:(?:\\[rn]|\s)*[A-Za-z0-9+/=:-]{8,})+)/g,
  },
  {
    id: 'url-credentials',
    keyword: '://',
    pattern: /\b[a-zA-Z][a-zA-Z0-9+.-]*:\/\/[^\s/:@'"`]*:[^\s@'"`/]+@[^\s'"`<>)]+/g,
  },
  {
    id: 'webhook-url',
    keyword: 'hook',
    pattern:
      /\bhttps:\/\/(?:hooks\.slack\.com\/(?:services|workflows|triggers)|(?:ptb\.|canary\.)?discord(?:app)?\.com\/api\/webhooks|[\w-]+\.webhook\.office\.com\/webhookb2|[\w-]+\.logic\.azure\.com(?::443)?\/workflows)\/([^\s'"`<>)]+)/g,
    group: 1,
  },
  {
    id: 'connection-string',
    keyword: '=',
    pattern:
      /\b(?:Password|Pwd|AccountKey|SharedAccessKey|SharedAccessSignature|ApiKey|Secret|ClientSecret)\s*=\s*([^;'"`\s]+)/gi,
    group: 1,
  },
  {
    id: 'authorization',
    keyword: '',
    pattern: /\b(?:Bearer|Basic|Token|Bot|Digest|Negotiate|ApiKey|SSWS)[ \t]+([A-Za-z0-9._~+/=-]{8,})/gi,
    group: 1,
  },
  {
    // .npmrc: //registry.npmjs.org/:_authToken=…
    id: 'npmrc-auth',
    keyword: ':_',
    pattern: /:_(?:authToken|auth|password)\s*=\s*([^\s'"`]+)/g,
    group: 1,
  },
  {
    id: 'jwt',
    keyword: 'eyj',
    pattern: /\beyJ[A-Za-z0-9_-]{5,}\.eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}/g,
  },
];

/** Words that make an identifier secret-named (`DB_PASSWORD`, `authToken`, `client-secret`). */
export const SECRET_WORDS = wordSet(`
  password passwd passwort passphrase pass pwd pw secret secrets token tokens credential
  credentials creds apikey authorization auth oauth cookie sessionid dsn
`);

/** Words that form a secret name when followed by "key" (`api_key`, `signingKey`). */
export const KEY_QUALIFIERS = wordSet(`
  api access secret private signing encryption master session client app account storage
  shared auth service license hmac jwt webhook
`);

/** Secret-word suffixes of one-word names (`dbpassword`, `authtoken`, `clientsecret`). */
export const SECRET_SUFFIXES = ['password', 'passwd', 'secret', 'token', 'apikey', 'secretkey', 'privatekey'];

/**
 * A last word that says the name holds something about a secret, not the secret:
 * `password_field`, `token_type`, `PASSWORD_MIN_LENGTH`, `api_key_header`, `secret_name`.
 */
export const META_WORDS = wordSet(`
  field fields type types name names label length len min max count url uri endpoint path file
  dir env var id ids prompt placeholder policy regex pattern hint header param expiry expires
  expiration ttl timeout mode enabled required visible strength validator error errors message
  msg format prefix style class icon selector input reset changed at version kind location
  source provider store manager service schema rounds iterations size limit attempts retries
  method methods
`);

/**
 * Words a value may be made of and still be a word, not a secret: "password", "bearer",
 * "access_token", "Password is required", "new-password". Secret words count too.
 */
export const PLAIN_VALUE_WORDS = new Set([
  ...SECRET_WORDS,
  ...META_WORDS,
  ...wordsOf(`
  bearer basic digest jwt api access refresh client user username email new current old
  confirm confirmation forgot change enter your the a an is are must be not no empty invalid
  wrong missing incorrect too short long weak here of at least characters chars hash hashed
  string text hidden none null nil undefined true false yes off on redacted masked xxx todo
  changeme secure sensitive bot id grant code credentials authorization implicit offline
  openid profile scope default str int bytes optional secretstr required
`),
]);

/** A value word that says the value is test or sample data ("test-token", "dummy_password_1"). */
export const TEST_DATA_WORDS = wordSet(`
  example examples dummy fake sample test testing mock mocked fixture placeholder foo bar baz
`);

/** Folders whose absolute paths name a machine, a person or a deployment. */
export const PATH_ROOTS = [
  'home',
  'Users',
  'root',
  'builds',
  'runner',
  'workspace',
  '__w',
  'github/workspace',
  'mnt',
  'opt',
  'srv',
  'var',
  'Volumes',
  'private/var',
];

/** Top-level names of internal networks: a host under one names an organisation's machine. */
export const INTERNAL_TLDS = [
  'internal',
  'corp',
  'local',
  'lan',
  'intranet',
  'intra',
  'localdomain',
  'home.arpa',
];

/** Receivers that make `x.local` / `x.internal` member access in code, not a host. */
export const CODE_RECEIVERS = wordSet(`
  this self super cls module exports window global globalthis process os sys ctx req res app
  config props state options opts
`);
