import { describe, expect, it } from 'vitest';
import { classifyUrl } from './_url-hosts.js';

const verdict = (url: string, open = false) => {
  const v = classifyUrl(url, open);
  return v.upgrade ? `upgrade ${v.scheme}` : `${v.decision}: ${v.reason.split(':')[0]}`;
};

describe('classifyUrl: what an insecure-scheme URL literal points at', () => {
  it('upgrades public hosts, with userinfo, paths and upper case', () => {
    expect(verdict('http://api.github.com/repos')).toBe('upgrade https');
    expect(verdict('HTTP://User:pw@CDN.Example-Corp.io/x?y#z')).toBe('upgrade https');
    expect(verdict('ws://stream.binance.com/ws')).toBe('upgrade wss');
    expect(verdict('http://www.w3.org/TR/html52/')).toBe('upgrade https');
    expect(verdict('http://schema.organic-shop.com/')).toBe('upgrade https');
    expect(verdict('http://schema.org')).toMatch(/^false_positive: a namespace or schema identifier/);
  });

  it('keeps namespace and schema identifiers, which are compared as strings', () => {
    for (const id of [
      'http://www.w3.org/1999/xlink',
      'http://www.w3.org/2001/XMLSchema-instance',
      'http://www.w3.org/XML/1998/namespace',
      'http://www.w3.org/1999/02/22-rdf-syntax-ns#',
      'http://json-schema.org/draft-07/schema#',
      'http://schemas.xmlsoap.org/soap/envelope/',
      'http://purl.org/dc/elements/1.1/',
      'http://maven.apache.org/POM/4.0.0',
      'http://www.example.org/legacy/strict.dtd',
    ]) {
      expect(verdict(id), id).toBe(
        'false_positive: a namespace or schema identifier (' + new URL(id).host + ')',
      );
    }
  });

  it('keeps loopback and reserved names, and sends private hosts, IPs and ports to review', () => {
    expect(verdict('http://127.8.9.1:3000/')).toMatch(/^false_positive: a loopback address/);
    expect(verdict('http://[::1]/')).toMatch(/^false_positive: a loopback address/);
    expect(verdict('http://app.localhost/')).toMatch(/^false_positive: a loopback address/);
    expect(verdict('http://shop.example.net/')).toMatch(/^false_positive: a reserved example/);
    expect(verdict('http://api.test/')).toMatch(/^false_positive: a reserved example/);
    expect(verdict('http://notexample.com/')).toBe('upgrade https');
    expect(verdict('http://172.20.0.3/')).toMatch(/^needs_review: a private or internal host/);
    expect(verdict('http://172.32.0.3/')).toMatch(/^needs_review: an IP address/);
    expect(verdict('http://printer.local/')).toMatch(/^needs_review: a private or internal host/);
    expect(verdict('http://[fd00::1]/')).toMatch(/^needs_review: a private or internal host/);
    expect(verdict('http://cdn.acme.io:8080/')).toMatch(/^needs_review: an explicit port/);
  });

  it('sends hosts added at run time, FTP and telnet to review', () => {
    expect(verdict('http://', true)).toMatch(/^needs_review: the host is not in the literal/);
    expect(verdict('http://api.', true)).toMatch(/^needs_review: the host is not in the literal/);
    expect(verdict('http://api.acme.io/', true)).toBe('upgrade https');
    expect(verdict('ftp://ftp.gnu.org/')).toMatch(/^needs_review: ftp/);
    expect(verdict('telnet://bbs.acme.io/')).toMatch(/^needs_review: telnet/);
  });
});
