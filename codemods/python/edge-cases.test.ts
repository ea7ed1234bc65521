/**
 * Python codemods on the import forms and shapes real code uses (aliases, from-imports,
 * existing imports, name clashes, other drivers), with findings placed as Bandit places them.
 */
import { describe, expect, it } from 'vitest';
import { findingOn, fixSource } from './_harness.js';

function fixOne(rule: string, source: string, text: string, tool = 'Bandit') {
  const result = fixSource('m.py', source, [findingOn(tool, rule, 'm.py', source, text)]);
  return { after: result.after, outcome: result.outcomes[0]! };
}

describe('secure-random', () => {
  it('follows an aliased module and a from-import', () => {
    const src =
      'import random as rnd\nfrom random import choice\n\nroll = rnd.randint(1, 6)\npick = choice(ITEMS)\n';
    const a = fixOne('B311', src, 'rnd.randint(1, 6)');
    expect(a.after).toBe(
      'import random as rnd\nimport secrets\nfrom random import choice\n\nroll = secrets.SystemRandom().randint(1, 6)\npick = choice(ITEMS)\n',
    );
    const b = fixOne('B311', src, 'choice(ITEMS)');
    expect(b.after).toContain('pick = secrets.SystemRandom().choice(ITEMS)\n');
  });

  it('turns an unseeded random.Random() into secrets.SystemRandom() and refuses a seeded one', () => {
    const src = 'import random\n\nrng = random.Random()\nrep = random.Random(42)\n';
    expect(fixOne('B311', src, 'random.Random()').after).toBe(
      'import random\nimport secrets\n\nrng = secrets.SystemRandom()\nrep = random.Random(42)\n',
    );
    expect(fixOne('B311', src, 'random.Random(42)').outcome.reason).toMatch(/seeded/);
  });

  it('reuses an existing import secrets', () => {
    const src = 'import random\nimport secrets\n\nx = random.random()\n';
    expect(fixOne('B311', src, 'random.random()').after).toBe(
      'import random\nimport secrets\n\nx = secrets.SystemRandom().random()\n',
    );
  });

  it('leaves a call that is not the random module unfixed', () => {
    const src = 'import numpy.random as random\n\nx = random.randint(0, 9)\n';
    const r = fixOne('B311', src, 'random.randint(0, 9)');
    expect(r.outcome.status).toBe('unfixed');
    expect(r.outcome.reason).toMatch(/not a function of the random module/);
  });
});

describe('columns as each scanner counts them', () => {
  // 17 bytes more than characters before the first call: exactly the width of
  // "random.random(), ", so a byte column read as characters lands on the second call.
  const src = 'import random\n\nlabel, a, b = "日本語日本語✓✓é", random.random(), random.random()\n';
  const want =
    'import random\nimport secrets\n\nlabel, a, b = "日本語日本語✓✓é", secrets.SystemRandom().random(), random.random()\n';

  it('reads Bandit columns as UTF-8 bytes (Python col_offset), so text before the finding does not shift it', () => {
    const bandit = findingOn('Bandit', 'B311', 'm.py', src, 'random.random()');
    expect(bandit.location.region?.startColumn).toBe(src.split('\n')[2]!.indexOf('random.random') + 1 + 17);
    const result = fixSource('m.py', src, [bandit]);
    expect(result.outcomes[0]?.status, result.outcomes[0]?.reason).toBe('fixed');
    expect(result.after).toBe(want);
  });

  it('reads other scanners in UTF-16 code units, as SARIF says', () => {
    const sonar = findingOn('SonarQube', 'python:S2245', 'm.py', src, 'random.random()');
    expect(fixSource('m.py', src, [sonar]).after).toBe(want);
  });
});

describe('subprocess-shell-false', () => {
  it('handles a from-import and refuses a quoted command string', () => {
    const src =
      'from subprocess import run\n\nrun(["ls", "-l"], shell=True)\nrun("echo \'hi there\'", shell=True)\n';
    expect(fixOne('B602', src, 'run(["ls", "-l"], shell=True)').after).toContain(
      'run(["ls", "-l"], shell=False)\n',
    );
    const q = fixOne('B602', src, `run("echo 'hi there'", shell=True)`);
    expect(q.outcome.reason).toMatch(/uses shell syntax/);
  });
});

describe('subprocess-shell-false: command strings split the way the shell would', () => {
  const cases: [string, string][] = [
    [
      'subprocess.run("git log -n %d %s" % (count, ref), shell=True)',
      'subprocess.run(["git", "log", "-n", str(count), str(ref)], shell=False)',
    ],
    [
      'subprocess.run("tar -C {} -xf {}".format(dest, archive), shell=True)',
      'subprocess.run(["tar", "-C", str(dest), "-xf", str(archive)], shell=False)',
    ],
    ['subprocess.run("cp " + src + " " + dst, shell=True)', 'subprocess.run(["cp", src, dst], shell=False)'],
    [
      "subprocess.run(f'gzip --suffix=.{ext} {str(path)}', shell=True)",
      "subprocess.run(['gzip', f'--suffix=.{ext}', str(path)], shell=False)",
    ],
  ];
  it.each(cases)('%s', (call, fixed) => {
    const src = `import subprocess\n\n${call}\n`;
    const r = fixOne('B602', src, call);
    expect(r.outcome.status, r.outcome.reason).toBe('fixed');
    expect(r.after).toBe(`import subprocess\n\n${fixed}\n`);
  });

  it('checks the items of a list command: one argument may hold spaces, the program may not', () => {
    const ok = 'subprocess.run(["git", "commit", "-m", f"release {version}"], shell=True)';
    const r = fixOne('B602', `import subprocess\n\n${ok}\n`, ok);
    expect(r.after).toBe(`import subprocess\n\n${ok.replace('shell=True', 'shell=False')}\n`);
    const refused: [string, RegExp][] = [
      ['subprocess.call(["ls *.txt"], shell=True)', /program named "ls \*\.txt"/],
      ['subprocess.call(["echo", "$HOME"], shell=True)', /item "\$HOME" uses shell syntax/],
      ['subprocess.call(["cat", f"{d}/*.log"], shell=True)', /uses shell syntax/],
      ['subprocess.call([*argv], shell=True)', /unpacked from another sequence/],
      ['subprocess.call(["FOO=1", "make"], shell=True)', /variable assignment/],
    ];
    for (const [call, reason] of refused) {
      const out = fixOne('B602', `import subprocess\n\n${call}\n`, call);
      expect(out.outcome.status, call).toBe('unfixed');
      expect(out.outcome.reason, call).toMatch(reason);
    }
  });

  it('refuses a command held in a variable', () => {
    const src = 'import subprocess\n\nsubprocess.run(cmd, shell=True)\n';
    expect(fixOne('B602', src, 'subprocess.run(cmd, shell=True)').outcome.reason).toMatch(/comes from cmd/);
  });
});

describe('requests-verify: only requests and httpx calls', () => {
  const fixed: [string, string][] = [
    ['from-import', 'from requests import get\n\nr = get(url, verify=False)\n'],
    ['module alias', 'import httpx as hx\n\nc = hx.Client(verify=False)\n'],
    ['session built inline', 'import requests\n\nr = requests.Session().get(url, verify=False)\n'],
    [
      'module-level session',
      'import requests\n\nS = requests.Session()\n\n\ndef f():\n    return S.get(url, verify=False)\n',
    ],
    [
      'session on self',
      'import requests\n\n\nclass Api:\n    def __init__(self):\n        self.http = requests.Session()\n\n    def get(self):\n        return self.http.get(URL, verify=False)\n',
    ],
  ];
  it.each(fixed)('fixes a %s', (_, src) => {
    const call = /\S+\(url, verify=False\)|\S+\(URL, verify=False\)|hx\.Client\(verify=False\)/.exec(src)![0];
    const r = fixOne('B501', src, call);
    expect(r.outcome.status, r.outcome.reason).toBe('fixed');
    expect(r.after).toBe(src.replace('verify=False', 'verify=True'));
  });

  it('leaves a typed session parameter, a shadowed module and urllib3 alone', () => {
    const cases: [string, string, RegExp][] = [
      [
        'import requests\n\n\ndef f(s: requests.Session):\n    return s.get(url, verify=False)\n',
        's.get(url, verify=False)',
        /s\.get\(\) is not a requests or httpx call/,
      ],
      [
        'import urllib3\n\nr = urllib3.request("GET", url, verify=False)\n',
        'urllib3.request("GET", url, verify=False)',
        /not a requests or httpx call/,
      ],
      [
        'from .client import requests\n\nr = requests.get(url, verify=False)\n',
        'requests.get(url, verify=False)',
        /not a requests or httpx call/,
      ],
    ];
    for (const [src, call, reason] of cases) {
      const r = fixOne('B501', src, call);
      expect(r.outcome.status, src).toBe('unfixed');
      expect(r.outcome.reason, src).toMatch(reason);
    }
  });
});

describe('harden-pyyaml', () => {
  it('keeps the alias of the yaml module and the C loader family', () => {
    const src = 'import yaml as y\n\na = y.load(s)\nb = y.load(s, Loader=y.CLoader)\nc = y.unsafe_load(s)\n';
    const result = fixSource('m.py', src, [
      findingOn('Bandit', 'B506', 'm.py', src, 'y.load(s)'),
      findingOn('Bandit', 'B506', 'm.py', src, 'y.load(s, Loader=y.CLoader)'),
      findingOn('Bandit', 'B506', 'm.py', src, 'y.unsafe_load(s)'),
    ]);
    expect(result.after).toBe(
      'import yaml as y\n\na = y.safe_load(s)\nb = y.load(s, Loader=y.CSafeLoader)\nc = y.safe_load(s)\n',
    );
  });

  it('treats an already safe loader as fixed', () => {
    const src = 'import yaml\n\nd = yaml.load(s, Loader=yaml.SafeLoader)\n';
    expect(fixOne('B506', src, 'yaml.load(s, Loader=yaml.SafeLoader)').outcome.reason).toMatch(
      /already in the fixed form/,
    );
  });
});

describe('requests-timeout and jinja2-autoescape', () => {
  it('does not touch a Session method, which Bandit does not report either', () => {
    const src = 'import requests\n\ns = requests.Session()\nr = s.get(url)\n';
    expect(fixOne('B113', src, 's.get(url)').outcome.reason).toMatch(/not a module-level requests function/);
  });

  it('keeps an existing timeout and forwards nothing twice', () => {
    const src = 'import requests\n\nr = requests.get(url, timeout=5)\n';
    expect(fixOne('B113', src, 'requests.get(url, timeout=5)').outcome.reason).toMatch(
      /already in the fixed form/,
    );
  });

  it('refuses an Environment built from **options', () => {
    const src = 'from jinja2 import Environment\n\nenv = Environment(**options)\n';
    expect(fixOne('B701', src, 'Environment(**options)').outcome.reason).toMatch(/\*\*kwargs/);
  });
});

describe('secure-tempfile', () => {
  it('follows a module alias and picks a free handle name', () => {
    const src =
      'import tempfile as tf\n\n\ndef f(tmp_file):\n    name = tf.mktemp()\n    return name, tmp_file\n';
    expect(fixOne('B306', src, 'tf.mktemp()').after).toBe(
      'import tempfile as tf\n\n\ndef f(tmp_file):\n    with tf.NamedTemporaryFile(delete=False) as tmp_file_2:\n        name = tmp_file_2.name\n    return name, tmp_file\n',
    );
  });
});

describe('secure-tempfile guards seen in real code', () => {
  it('refuses a name that becomes a directory or a named pipe', () => {
    const dir =
      'import os\nimport tempfile\n\n\ndef f():\n    path = tempfile.mktemp(prefix="rw")\n    os.mkdir(path)\n';
    expect(fixOne('B306', dir, 'tempfile.mktemp(prefix="rw")').outcome.reason).toMatch(/os\.mkdir\(path\)/);
    const pipe = "import tempfile\n\naddress = tempfile.mktemp(prefix=r'\\\\.\\pipe\\app-')\n";
    expect(fixOne('B306', pipe, "tempfile.mktemp(prefix=r'\\\\.\\pipe\\app-')").outcome.reason).toMatch(
      /named pipe/,
    );
  });
});

describe('sql-parameterization', () => {
  it('uses %s for psycopg2 and doubles literal percent signs', () => {
    const src =
      "import psycopg2\n\n\ndef f(cur, name):\n    cur.execute(\"SELECT 1 FROM t WHERE a LIKE 'x%' AND b = '%s'\" % name)\n";
    expect(fixOne('B608', src, `"SELECT 1 FROM t WHERE a LIKE 'x%' AND b = '%s'"`).after).toBe(
      'import psycopg2\n\n\ndef f(cur, name):\n    cur.execute("SELECT 1 FROM t WHERE a LIKE \'x%%\' AND b = %s", (name,))\n',
    );
  });

  it('keeps a triple-quoted multi-line query as written, minus the values', () => {
    const query = [
      'f"""',
      '        SELECT id',
      '        FROM t',
      `        WHERE k = '{d["k"]}'`,
      '    """',
    ].join('\n');
    const src = `import sqlite3\n\n\ndef f(cur, d):\n    cur.execute(${query})\n`;
    const fixed = ['"""', '        SELECT id', '        FROM t', '        WHERE k = ?', '    """'].join('\n');
    expect(fixOne('B608', src, query).after).toBe(
      `import sqlite3\n\n\ndef f(cur, d):\n    cur.execute(${fixed}, (d["k"],))\n`,
    );
  });

  it('refuses when no known driver is imported', () => {
    const src = 'def f(cur, name):\n    cur.execute(f"SELECT 1 FROM t WHERE a = {name}")\n';
    expect(fixOne('B608', src, 'f"SELECT 1 FROM t WHERE a = {name}"').outcome.reason).toMatch(
      /placeholder style is unknown/,
    );
  });

  it('refuses named format fields and calls that already pass parameters', () => {
    const src =
      'import sqlite3\n\n\ndef f(cur, a, b):\n    cur.execute("SELECT 1 FROM t WHERE a = {a}".format(a=a))\n    cur.execute(f"SELECT 1 FROM t WHERE a = {a} AND b = ?", (b,))\n';
    expect(fixOne('B608', src, '"SELECT 1 FROM t WHERE a = {a}"').outcome.reason).toMatch(
      /named or unpacked/,
    );
    expect(fixOne('B608', src, 'f"SELECT 1 FROM t WHERE a = {a} AND b = ?"').outcome.reason).toMatch(
      /already has parameters|already contains parameter placeholders/,
    );
  });

  it('refuses a query variable that is used again', () => {
    const src =
      'import sqlite3\n\n\ndef f(cur, a):\n    q = "SELECT 1 FROM t WHERE a = " + a\n    cur.execute(q)\n    log(q)\n';
    expect(fixOne('B608', src, '"SELECT 1 FROM t WHERE a = "').outcome.reason).toMatch(/also used elsewhere/);
  });
});

describe('flask-debug-off and jwt-verify', () => {
  it('drops the only argument cleanly, and a trailing comma with it', () => {
    const src =
      'from flask import Flask\n\napp = Flask(__name__)\napp.run(debug=True)\napp.run(\n    debug=True,\n)\n';
    const result = fixSource('m.py', src, [
      findingOn('Bandit', 'B201', 'm.py', src, 'app.run(debug=True)'),
      findingOn('Bandit', 'B201', 'm.py', src, 'app.run(\n    debug=True,\n)'),
    ]);
    expect(result.after).toBe('from flask import Flask\n\napp = Flask(__name__)\napp.run()\napp.run()\n');
  });

  it('refuses PyJWT 2 decoding without an algorithms list', () => {
    const src = 'import jwt\n\nc = jwt.decode(t, KEY, options={"verify_signature": False})\n';
    const rule = 'python.jwt.security.unverified-jwt-decode.unverified-jwt-decode';
    const r = fixOne(rule, src, 'jwt.decode(t, KEY, options={"verify_signature": False})', 'Semgrep OSS');
    expect(r.outcome.codemod).toBe('trust:python/jwt-verify');
    expect(r.outcome.reason).toMatch(/no algorithms= list/);
  });
});
