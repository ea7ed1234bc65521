const express = require('express');
const { exec, execFile } = require('child_process');
const { randomBytes, randomInt } = require('node:crypto');

const app = express();

app.get('/greet', (req, res) => {
  const id = secureRandom().toString(36).slice(2);
  res.send(`<p id="${escapeHtml(id)}">Hello ${escapeHtml(req.query.name)}</p>`);
});

app.get('/roll', (req, res) => {
  const n = randomInt(6) + 1;
  res.send('<b>' + escapeHtml(req.query.player) + ' rolled ' + escapeHtml(n) + '</b>');
});

app.post('/ping', (req, res) => {
  execFile('ping', ['-c', '1', req.body.host], (err, out) => res.type('text').send(out));
});

module.exports = app;

/** A float in [0, 1) from the operating system's CSPRNG (drop-in for Math.random()). */
function secureRandom() {
  return randomBytes(6).readUIntBE(0, 6) / 2 ** 48;
}

/** Escape the five HTML-significant characters so a value renders as text. */
function escapeHtml(value) {
  return String(value).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
