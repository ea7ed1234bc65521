/**
 * scan/checks/exposed-files: a short fixed list of files that must never be served (ZAP 40034,
 * 40035, 41; nuclei git-config, laravel-env), each confirmed twice before it is reported: by
 * its content (a `.git/HEAD` reads `ref: refs/…`), and against a random-path baseline, so a
 * catch-all that answers 200 with the same page for every path is not a finding. GET only:
 * the content is the proof, so a HEAD first would cost a second request for every hit.
 */
import { evidenceOf } from '../evidence.js';
import type { Response } from '../http-client.js';
import type { Check, ScanFinding, ScanSeverity } from '../types.js';
import { getPath, isOk, randomPath } from './fetch.js';

interface ExposedFile {
  path: string;
  rule: string;
  severity: ScanSeverity;
  title: string;
  confirm: (body: string) => boolean;
}

const LOOKS_HTML = /<(?:!doctype|html|head|body)\b/i;

/** KEY=VALUE lines, most of the non-comment lines, and no HTML. */
export function looksLikeEnv(body: string): boolean {
  if (LOOKS_HTML.test(body)) return false;
  const lines = body.split(/\r?\n/).filter((l) => l.trim() !== '' && !l.trim().startsWith('#'));
  const pairs = lines.filter((l) => /^\s*(?:export\s+)?[A-Za-z_][A-Za-z0-9_.]*\s*=/.test(l));
  return pairs.length > 0 && pairs.length >= lines.length * 0.8;
}

export const EXPOSED_FILES: readonly ExposedFile[] = [
  {
    path: '/.git/HEAD',
    rule: 'git-head',
    severity: 'high',
    title: 'Git repository exposed (.git/HEAD)',
    confirm: (b) => /^(?:ref: refs\/\S+|[0-9a-f]{40}|[0-9a-f]{64})\s*$/.test(b),
  },
  {
    path: '/.git/config',
    rule: 'git-config',
    severity: 'high',
    title: 'Git repository exposed (.git/config)',
    confirm: (b) => /^\s*\[core\]/m.test(b) && /^\s*repositoryformatversion\s*=/m.test(b),
  },
  {
    path: '/.env',
    rule: 'env',
    severity: 'critical',
    title: 'Environment file exposed (.env)',
    confirm: looksLikeEnv,
  },
  {
    path: '/.svn/entries',
    rule: 'svn-entries',
    severity: 'high',
    title: 'Subversion working copy exposed (.svn/entries)',
    // 1.7+: the format number alone; 1.4-1.6: the number, then the first entry; older: XML.
    confirm: (b) => /^\d{1,2}\s*$/.test(b) || /^\d{1,2}\n\n(?:dir|file)\n/.test(b) || /<wc-entries\b/.test(b),
  },
  {
    path: '/.DS_Store',
    rule: 'ds-store',
    severity: 'low',
    title: 'macOS folder index exposed (.DS_Store)',
    // The Buddy allocator magic: 00 00 00 01 "Bud1".
    confirm: (b) => b.slice(0, 8) === '\u0000\u0000\u0000\u0001Bud1',
  },
  {
    path: '/server-status',
    rule: 'server-status',
    severity: 'medium',
    title: 'Apache server-status exposed',
    confirm: (b) => /Apache Server Status for/i.test(b) && /Server (?:Version|uptime|MPM)/i.test(b),
  },
  {
    path: '/phpinfo.php',
    rule: 'phpinfo',
    severity: 'medium',
    title: 'phpinfo() page exposed',
    confirm: (b) =>
      /<title>[^<]*phpinfo\(\)\s*<\/title>/i.test(b) || (/PHP Version \d/.test(b) && /PHP License/.test(b)),
  },
  {
    path: '/wp-config.php.bak',
    rule: 'wp-config-backup',
    severity: 'critical',
    title: 'WordPress configuration backup exposed',
    confirm: (b) => /define\(\s*['"]DB_(?:NAME|USER|PASSWORD|HOST)['"]/.test(b),
  },
];

export const exposedFilesCheck: Check = async (context) => {
  // Dot-prefixed, like most of the list: a rule that treats dotfiles apart treats it alike.
  const baselinePath = randomPath('/.');
  const baseline = await getPath(context, baselinePath);
  const findings: ScanFinding[] = [];
  for (const file of EXPOSED_FILES) {
    const response = await getPath(context, file.path);
    if (!isOk(response) || !file.confirm(response.body)) continue;
    if (isOk(baseline) && catchAll(file, response.body, baseline.body, baselinePath)) continue;
    findings.push(finding(file, response));
  }
  return findings;
};

/** The baseline looks the same, or would itself pass the content test: nothing is proven. */
function catchAll(file: ExposedFile, body: string, baseline: string, baselinePath: string): boolean {
  if (file.confirm(baseline)) return true;
  const norm = (text: string, path: string) => text.split(path).join('<path>').trim();
  return norm(body, file.path) === norm(baseline, baselinePath);
}

function finding(file: ExposedFile, response: Response): ScanFinding {
  const evidence = evidenceOf(response, {
    headers: ['content-type', 'content-length', 'last-modified'],
    excerpt: response.body.slice(0, 1024),
  });
  const secrets = evidence.secrets?.length
    ? ` It holds secrets (${evidence.secrets.join(', ')}), redacted here.`
    : '';
  return {
    ruleId: `exposed-files/${file.rule}`,
    check: 'exposed-files',
    severity: file.severity,
    title: file.title,
    message: `${response.url} is served and its content confirms it (a random path answers differently).${secrets}`,
    url: response.url,
    evidence,
  };
}
