const express = require('express');
const { exec } = require('child_process');

const app = express();

app.get('/greet', (req, res) => {
  const id = Math.random().toString(36).slice(2);
  res.send(`<p id="${id}">Hello ${req.query.name}</p>`);
});

app.get('/roll', (req, res) => {
  const n = Math.floor(Math.random() * 6) + 1;
  res.send('<b>' + req.query.player + ' rolled ' + n + '</b>');
});

app.post('/ping', (req, res) => {
  exec(`ping -c 1 ${req.body.host}`, (err, out) => res.type('text').send(out));
});

module.exports = app;
