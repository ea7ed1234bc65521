/**
 * scan/report: everything `trust scan` writes, as pure functions over the shared types of
 * scan/types.ts. The JSON report (ScanReport, schema/scan-report.schema.json) is the source of
 * truth; SARIF and Markdown are rendered from it. Imports scan/types, scan/observatory and
 * core/redact only; no I/O.
 *
 *   observatoryFindings  each failing or point-costing Observatory test -> a finding
 *   withCompliance       CWE, OWASP Top 10 2021, OWASP API 2023, PCI DSS 4.0, NIST CSF 2.0
 *   scanSnapshot         what the next scan compares against
 *   diffScans            headers, scripts, certificate, grade, findings since the last scan
 *   scanSarif            SARIF 2.1.0 with URL locations
 *   scanMarkdown         the human summary
 */
export { complianceOf, withCompliance } from './compliance.js';
export { diffScans } from './diff.js';
export { scanMarkdown } from './markdown.js';
export { observatoryFindings } from './observatory-findings.js';
export { scanSarif } from './sarif.js';
export { scanSnapshot } from './snapshot.js';
