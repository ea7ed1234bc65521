/**
 * test/helpers/real-code/projects: the real open-source packages the real-code test runs on,
 * each pinned to the exact version package.json's devDependencies install (the test checks
 * they agree). Chosen for real source with many security-rule hits: a web framework (express),
 * a query-string parser with a prototype-pollution history that ships its tests and lint
 * config (qs), a template engine with file access, dynamic regular expressions and
 * `new Function` (ejs), an XML parser written without semicolons that hard-codes two http://
 * namespace names (sax), and a mail library with file access, regular expressions and
 * hundreds of dynamic keys (nodemailer). A probe drives each package's public API the same way
 * before and after.
 */
import type { RealProject } from './project.js';

/** express: a few routes on loopback, requests with nested query strings and prototype keys. */
const EXPRESS_PROBE = `
const express = require('./');
const app = express();
app.get('/users/:id', (req, res) => res.json({ id: req.params.id, q: req.query }));
app.get('/text', (req, res) => res.type('text').set('x-echo', req.get('x-name')).send('hi ' + req.get('x-name')));
app.post('/form', express.urlencoded({ extended: true }), (req, res) => res.json(req.body));
app.use((req, res) => res.status(404).send('none'));
const server = app.listen(0, '127.0.0.1', async () => {
  const base = 'http://127.0.0.1:' + server.address().port;
  const out = [];
  const paths = ['/users/7?a[b]=1&c=2&c=3', '/users/__proto__?constructor[prototype][x]=1', '/text', '/missing'];
  for (const p of paths) {
    const r = await fetch(base + p, { headers: { 'x-name': 'trust' } });
    out.push([p, r.status, r.headers.get('content-type'), r.headers.get('x-echo'), await r.text()]);
  }
  const form = await fetch(base + '/form', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: 'a[b][c]=1&list[]=x&list[]=y&__proto__[polluted]=1',
  });
  out.push(['/form', form.status, await form.text(), ({}).polluted === undefined]);
  server.close();
  console.log(JSON.stringify(out));
});
`;

/** ejs: render strings, an include and a file, with the default and a custom delimiter. */
const EJS_PROBE = `
const ejs = require('./lib/ejs.js');
const fs = require('fs');
const os = require('os');
const path = require('path');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ejs-probe-'));
fs.writeFileSync(path.join(dir, 'part.ejs'), '<b><%= name %></b>');
const out = [
  ejs.render('<%= a %> <%- b %> <% for (const x of xs) { %><%= x %>,<% } %>', { a: '<i>', b: '<i>', xs: [1, 2] }),
  ejs.render('<%- include("part", { name: n }) %>', { n: 'z' }, { filename: path.join(dir, 'main.ejs') }),
  ejs.render('<?= a ?>', { a: 1 }, { delimiter: '?' }),
  ejs.render('<%= locals.k %>', { k: '"q"' }, { rmWhitespace: true }),
];
ejs.renderFile(path.join(dir, 'part.ejs'), { name: 'f' }, (error, html) => {
  out.push(error ? String(error) : html);
  fs.rmSync(dir, { recursive: true });
  console.log(JSON.stringify(out));
});
`;

/** sax: strict parsing with namespaces (the two namespace URLs it hard-codes), and loose parsing. */
const SAX_PROBE = `
const sax = require('./lib/sax.js');
const out = [];
const strict = sax.parser(true, { xmlns: true });
strict.onopentag = (t) => out.push(['open', t.name, t.uri, Object.values(t.attributes).map((a) => [a.name, a.uri, a.value])]);
strict.onclosetag = (name) => out.push(['close', name]);
strict.ontext = (text) => out.push(['text', text]);
strict.onerror = (error) => { out.push(['error', error.message.split('\\n')[0]]); strict.resume(); };
strict.write('<root xmlns="urn:x-probe:a" xmlns:x="urn:x-probe:b" xml:lang="en"><x:item x:id="1">a &amp; b</x:item><constructor __proto__="y"/><bad xml:x="1" xmlns:xml="urn:wrong"/></root>').close();
const loose = sax.parser(false, { lowercase: true });
const tags = [];
loose.onopentag = (t) => tags.push([t.name, t.attributes]);
loose.write('<A b=1><c __proto__="z" constructor="w">t</c></A>').close();
out.push(tags, ({}).z === undefined);
console.log(JSON.stringify(out));
`;

/** nodemailer: a message composed and built (random MIME boundaries masked), and its parsers. */
const NODEMAILER_PROBE = `
const MailComposer = require('./lib/mail-composer');
const addressparser = require('./lib/addressparser');
const mimeFuncs = require('./lib/mime-funcs');
const shared = require('./lib/shared');
const wellKnown = require('./lib/well-known');
const mail = new MailComposer({
  from: 'a@example.com',
  to: 'b@example.com, "C D" <c@example.com>',
  subject: 'Hi \\u2713',
  text: 'hello',
  html: '<b>hello</b>',
  date: new Date('2020-01-01T00:00:00Z'),
  messageId: '<m@example.com>',
  headers: { 'X-Probe': '1' },
  attachments: [{ filename: 'a.txt', content: 'abc' }],
}).compile();
mail.build((error, message) => {
  const text = error ? String(error) : message.toString().replace(/_NmP-[0-9a-f]+-Part_[0-9]+/g, 'BOUNDARY');
  console.log(JSON.stringify([
    text,
    addressparser('"A" <a@b.example>, d@e.example, group: x@y.example;'),
    mimeFuncs.encodeWord('\\u2713 test', 'Q'),
    mimeFuncs.parseHeaderValue('text/plain; charset="utf-8"; format=flowed'),
    shared.parseConnectionUrl('smtps://user:pass@smtp.example.com:465/?pool=true&maxConnections=2'),
    wellKnown('Gmail'),
  ]));
});
`;

export const PROJECTS: RealProject[] = [
  {
    name: 'express',
    version: '4.21.2',
    scan: ['index.js', 'lib/**/*.js'],
    sourceType: 'commonjs',
    ownLint: false,
    probe: EXPRESS_PROBE,
  },
  {
    name: 'qs',
    version: '6.17.1',
    scan: ['lib/**/*.js', 'test/**/*.js'],
    sourceType: 'commonjs',
    ownLint: true,
    tests: ['node_modules/tape/bin/tape', 'test/**/*.js'],
  },
  {
    name: 'ejs',
    version: '3.1.10',
    scan: ['lib/**/*.js', 'bin/cli.js', 'jakefile.js'],
    sourceType: 'commonjs',
    ownLint: false,
    probe: EJS_PROBE,
  },
  {
    name: 'sax',
    version: '1.4.1',
    scan: ['lib/**/*.js'],
    sourceType: 'commonjs',
    ownLint: false,
    probe: SAX_PROBE,
  },
  {
    name: 'nodemailer',
    version: '6.9.16',
    scan: ['lib/**/*.js'],
    sourceType: 'commonjs',
    ownLint: false,
    probe: NODEMAILER_PROBE,
  },
];
