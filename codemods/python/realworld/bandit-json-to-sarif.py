"""Bandit JSON (any version) -> minimal SARIF 2.1.0 with whole-line regions, for run.sh."""
import json
import sys

source, target = sys.argv[1], sys.argv[2]
rules, results = {}, []
for r in json.load(open(source))['results']:
    rules.setdefault(r['test_id'], {'id': r['test_id'], 'name': r['test_name'], 'helpUri': r['more_info']})
    lines = r['line_range']
    results.append({
        'ruleId': r['test_id'],
        'message': {'text': r['issue_text']},
        'locations': [{'physicalLocation': {
            'artifactLocation': {'uri': r['filename']},
            'region': {'startLine': min(lines), 'endLine': max(lines)},
        }}],
        'properties': {'issue_severity': r['issue_severity'], 'issue_confidence': r['issue_confidence']},
    })
log = {'version': '2.1.0', 'runs': [{'tool': {'driver': {'name': 'Bandit', 'rules': list(rules.values())}}, 'results': results}]}
json.dump(log, open(target, 'w'), indent=1)
print(f'{len(results)} Bandit results -> {target}')
