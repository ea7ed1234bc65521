import { describe, expect, it } from 'vitest';
import { findingOn, fixSource } from './_harness.js';

const SOURCE = `"""Reads partner feeds in two formats."""
import xml.etree.ElementTree as ET
from xml.dom import minidom


def items(body):
    return ET.fromstring(body).findall("item")


def pretty(body):
    return minidom.parseString(body).toprettyxml()
`;

describe('use-defusedxml: two defusedxml submodules in one file', () => {
  it('imports both submodules (they bind the same package name) and fixes both calls', () => {
    const path = 'feeds.py';
    const findings = [
      findingOn('Bandit', 'B314', path, SOURCE, 'ET.fromstring(body)'),
      findingOn('Bandit', 'B318', path, SOURCE, 'minidom.parseString(body)'),
    ];
    const result = fixSource(path, SOURCE, findings);
    expect(result.outcomes.map((o) => [o.status, o.reason])).toEqual([
      ['fixed', undefined],
      ['fixed', undefined],
    ]);
    expect(result.after).toContain('import defusedxml.ElementTree\nimport defusedxml.minidom\n');
    expect(result.after).toContain('return defusedxml.ElementTree.fromstring(body).findall("item")');
    expect(result.after).toContain('return defusedxml.minidom.parseString(body).toprettyxml()');
  });
});
