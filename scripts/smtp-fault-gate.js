#!/usr/bin/env node
// An SMTP relay that fails on request, between the notifiers and the mail server of the fault
// suite's topology (scripts/lib/topology.sh with TOPOLOGY_SMTP_GATE=1). Its mode is set over
// HTTP on the control port, PUT /mode/<mode>:
//   pass       bytes go both ways to the mail server;
//   temporary  it greets, then answers every MAIL FROM with 451 (a server too busy: retry);
//   permanent  it greets, then answers every MAIL FROM with 554 (a server refusing the sender);
//   drop       it relays until the client sends DATA, then cuts both connections.
// Entering a failing mode cuts the connections already open, so a pooled sender meets the fault
// at once. GET /mode answers the mode and how many connections each mode took.
//
// Usage: node scripts/smtp-fault-gate.js <listen-port> <upstream-port> <control-port>
'use strict';
const { createServer, connect } = require('node:net');
const http = require('node:http');

const [listenPort, upstreamPort, controlPort] = process.argv.slice(2).map(Number);
if (!listenPort || !upstreamPort || !controlPort) {
  console.error('usage: smtp-fault-gate.js <listen-port> <upstream-port> <control-port>');
  process.exit(2);
}

const MODES = new Set(['pass', 'temporary', 'permanent', 'drop']);
const REFUSALS = {
  temporary: '451 4.3.0 Servizio temporaneamente non disponibile, riprovare\r\n',
  permanent: '554 5.7.1 Mittente rifiutato\r\n',
};
let mode = 'pass';
const taken = { pass: 0, temporary: 0, permanent: 0, drop: 0 };
const open = new Set();

/** A small SMTP dialogue that refuses every message with `refusal`. */
function refuse(client, refusal) {
  client.write('220 smtp-fault-gate ESMTP\r\n');
  let pending = '';
  client.on('data', (chunk) => {
    pending += chunk.toString('latin1');
    let end;
    while ((end = pending.indexOf('\n')) >= 0) {
      const verb = pending.slice(0, end).trim().split(/\s+/)[0].toUpperCase();
      pending = pending.slice(end + 1);
      if (verb === 'EHLO' || verb === 'HELO') client.write('250 smtp-fault-gate\r\n');
      else if (verb === 'MAIL') client.write(refusal);
      else if (verb === 'RSET' || verb === 'NOOP') client.write('250 2.0.0 OK\r\n');
      else if (verb === 'QUIT') return void client.end('221 2.0.0 Arrivederci\r\n');
      else client.write('503 5.5.1 Sequenza di comandi errata\r\n');
    }
  });
}

/** Relays to the mail server; in `drop` mode, cuts both sides when the client asks to send DATA. */
function relay(client, dropAtData) {
  const upstream = connect(upstreamPort, '127.0.0.1');
  const cut = () => {
    client.destroy();
    upstream.destroy();
  };
  client.on('error', cut);
  upstream.on('error', cut);
  client.on('close', () => upstream.destroy());
  upstream.on('close', () => client.destroy());
  upstream.pipe(client);
  client.on('data', (chunk) => {
    if (dropAtData && /(^|\n)DATA\r?\n/i.test(chunk.toString('latin1'))) return cut();
    upstream.write(chunk);
  });
}

createServer((client) => {
  open.add(client);
  client.on('close', () => open.delete(client));
  client.on('error', () => client.destroy());
  taken[mode]++;
  if (mode === 'temporary' || mode === 'permanent') refuse(client, REFUSALS[mode]);
  else relay(client, mode === 'drop');
}).listen(listenPort, '127.0.0.1');

http
  .createServer((request, response) => {
    const wanted = /^\/mode\/([a-z]+)$/.exec(request.url ?? '')?.[1];
    if (request.method === 'PUT' && wanted && MODES.has(wanted)) {
      mode = wanted;
      if (mode !== 'pass') for (const socket of open) socket.destroy();
    } else if (!(request.method === 'GET' && request.url === '/mode')) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ mode, taken }));
  })
  .listen(controlPort, '127.0.0.1');

for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => process.exit(0));
