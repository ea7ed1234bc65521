import { describe, expect, it } from 'vitest';
import { OBSERVATORY_RULES } from './observatory-rules.js';
import { ruleHelp } from './rule-help.js';

const DEFAULT_REMEDY = 'See the finding for what was observed.';

describe('ruleHelp', () => {
  it('every rule id the checks write has its own description and a remedy', () => {
    const ids = [
      'tls/tls1.0-accepted',
      'tls/tls1.1-accepted',
      'tls/no-tls1.2',
      'tls/certificate-expired',
      'tls/certificate-not-yet-valid',
      'tls/certificate-expiring-30d',
      'tls/certificate-expiring-60d',
      'tls/hostname-mismatch',
      'tls/certificate-self-signed',
      'tls/certificate-untrusted',
      'exposed-files/git-head',
      'security-txt/missing',
      'security-txt/expired',
      'security-txt/invalid',
      'banner/version-disclosed',
      'directory-listing/enabled',
      ...Object.keys(OBSERVATORY_RULES).map((r) => `observatory/${r}`),
    ];
    for (const ruleId of ids) {
      const help = ruleHelp({ ruleId, title: 'T' });
      expect(help.description, ruleId).not.toBe('T.');
      expect(help.remedy, ruleId).not.toBe(DEFAULT_REMEDY);
    }
    expect(ruleHelp({ ruleId: 'tls/tls1.0-accepted', title: 'T' }).remedy).toMatch(/Disable TLS 1.0 and 1.1/);
    expect(ruleHelp({ ruleId: 'tls/certificate-self-signed', title: 'T' }).remedy).toMatch(
      /publicly trusted CA/,
    );
  });

  it('an unknown rule falls back to its title', () => {
    expect(ruleHelp({ ruleId: 'new-check/x', title: 'Something odd' })).toEqual({
      description: 'Something odd.',
      remedy: DEFAULT_REMEDY,
    });
  });
});
