#!/usr/bin/env bash
# Real-world run of the Python codemods (by hand; not part of npm test): copy Python code nobody
# here wrote (the interpreter's standard library and the Debian python3 packages on this
# machine), scan it with a real Bandit, convert Bandit's JSON to SARIF (Bandit < 1.7.8 has no
# SARIF output and no columns, so regions are whole lines), run `trust fix`, then check that
# every changed file parses with Python's own parser, that a second run changes nothing, and
# how many Bandit findings are left.
#
#   apt-get install bandit      # Debian's Bandit 1.6.2
#   npm run build && bash codemods/python/realworld/run.sh
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
trust="$here/../../../bin/trust.js"
command -v bandit >/dev/null || { echo "bandit not installed (apt-get install bandit); skipping"; exit 0; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
stdlib="$(python3 -c 'import sysconfig; print(sysconfig.get_paths()["stdlib"])')"
mkdir -p "$work/src/dp"
for d in email http xml logging multiprocessing json urllib concurrent importlib asyncio; do
  [ -d "$stdlib/$d" ] && cp -r "$stdlib/$d" "$work/src/"
done
cp "$stdlib"/*.py "$work/src/"
for p in git gitdb httplib2 jwt lazr oauthlib pbr launchpadlib wadllib keyring smmap yaml blinker distro apt aptsources; do
  [ -d "/usr/lib/python3/dist-packages/$p" ] && cp -r "/usr/lib/python3/dist-packages/$p" "$work/src/dp/"
done
find "$work/src" -name __pycache__ -prune -exec rm -rf {} +
cd "$work"
tests=B311,B602,B506,B313,B314,B315,B316,B317,B318,B319,B320,B501,B306,B701,B608,B201
bandit -q -r src -f json -o before.json -t "$tests" || true
python3 "$here/bandit-json-to-sarif.py" before.json bandit.sarif
git init -q && git add src && git -c user.email=run@trust.invalid -c user.name=run commit -qm scanned
node "$trust" fix bandit.sarif
echo "--- parse check (python3 ast) of every changed file"
git diff --name-only | while read -r f; do python3 -c "import ast,sys; ast.parse(open(sys.argv[1]).read())" "$f" || echo "DOES NOT PARSE: $f"; done
echo "--- second run"
git add -A src && git -c user.email=run@trust.invalid -c user.name=run commit -qm fixed
node "$trust" fix bandit.sarif | tail -1
git diff --quiet && echo "second run changed nothing"
bandit -q -r src -f json -o after.json -t "$tests" || true
python3 - <<'PY'
import json
from collections import Counter
before = json.load(open('before.json'))['results']
after = json.load(open('after.json'))['results']
print('Bandit findings before:', len(before), dict(Counter(r['test_id'] for r in before)))
print('Bandit findings after: ', len(after), dict(Counter(r['test_id'] for r in after)))
PY
