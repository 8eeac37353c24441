#!/usr/bin/env node
// Keeps the applications of `npm start` alive: each runs in its own process group (Ctrl-C in
// the terminal reaches this supervisor, which then stops them in order), its output is
// appended to .data/logs/<name>.log and copied to the terminal, and a process that exits
// without being asked to is started again after a growing pause (1 s, 2 s, 4 s … 60 s; back
// to 1 s once it has run for a minute). Restarts are logged and written to a state file that
// GET /status reports under `processes`.
//
// Usage: node scripts/supervise.js <state-file> <log-dir> <name>=<entry.js or executable>[,VAR=value…] …
// (the variables after the entry are that application's own, e.g. `api-2=…/main.js,API_PORT=3102`
// when `npm run cluster` runs two of a kind; values cannot hold a comma).
// SIGINT or SIGTERM: stop restarting, SIGTERM every application, wait for them (SIGKILL
// after 20 s), exit 0.
'use strict';
const { spawn } = require('node:child_process');
const { createWriteStream, mkdirSync, renameSync, writeFileSync } = require('node:fs');
const { dirname, join } = require('node:path');

const FIRST_PAUSE_MS = 1_000;
const LONGEST_PAUSE_MS = 60_000;
const STABLE_AFTER_MS = 60_000;
const STOP_GRACE_MS = 20_000;

const [stateFile, logDir, ...specs] = process.argv.slice(2);
if (!stateFile || !logDir || specs.length === 0) {
  console.error('usage: supervise.js <state-file> <log-dir> <name>=<entry.js>[,VAR=value…] …');
  process.exit(2);
}

// A terminal pipe that went away (`npm start | tee log`, then Ctrl-C) must not stop anything:
// output to it is dropped, the log files keep everything.
let terminalOpen = true;
for (const stream of [process.stdout, process.stderr]) stream.on('error', () => (terminalOpen = false));
const toTerminal = (chunk) => {
  if (terminalOpen) process.stdout.write(chunk);
};
const say = (message) => {
  const line = `[cmm] ${message}\n`;
  if (terminalOpen) process.stderr.write(line);
  for (const app of apps) app.log.write(`${JSON.stringify({ level: 40, time: Date.now(), msg: `supervisor: ${message}` })}\n`);
};

mkdirSync(logDir, { recursive: true });
mkdirSync(dirname(stateFile), { recursive: true });
const apps = specs.map((spec) => {
  const [head, ...assignments] = spec.split(',');
  if (!head.includes('=') || assignments.some((assignment) => assignment.indexOf('=') < 1)) {
    console.error(`supervise.js: cannot read ${spec}; expected <name>=<entry.js>[,VAR=value…]`);
    process.exit(2);
  }
  const [name, entry] = head.split('=');
  const env = Object.fromEntries(
    assignments.map((assignment) => [assignment.slice(0, assignment.indexOf('=')), assignment.slice(assignment.indexOf('=') + 1)]),
  );
  return {
    name,
    entry,
    env,
    log: createWriteStream(join(logDir, `${name}.log`), { flags: 'a' }),
    child: null,
    restarts: 0,
    pause: FIRST_PAUSE_MS,
    startedAt: null,
    lastExit: null,
    timer: null,
  };
});
let stopping = false;

const writeState = () => {
  const processes = Object.fromEntries(
    apps.map((app) => [
      app.name,
      {
        status: app.child ? 'running' : stopping ? 'stopped' : 'restarting',
        pid: app.child?.pid ?? null,
        startedAt: app.startedAt,
        restarts: app.restarts,
        lastExit: app.lastExit,
      },
    ]),
  );
  // Written aside and renamed: a reader never sees half a file.
  const temporary = `${stateFile}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify({ supervisor: process.pid, updatedAt: new Date().toISOString(), processes }, null, 2)}\n`);
  renameSync(temporary, stateFile);
};

// Each application serves its metrics on a port of its own: METRICS_PORT_<NAME> (e.g.
// METRICS_PORT_WORKER) becomes that application's METRICS_PORT.
const ownEnvironment = (name) => {
  const port = process.env[`METRICS_PORT_${name.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`];
  return port ? { METRICS_PORT: port } : {};
};

const start = (app) => {
  app.timer = null;
  // A .js entry runs on this Node; anything else is an executable (the cluster's Temporal services).
  const child = spawn(app.entry.endsWith('.js') ? process.execPath : app.entry, app.entry.endsWith('.js') ? [app.entry] : [], {
    env: { ...process.env, ...ownEnvironment(app.name), ...app.env, SUPERVISOR_STATE_FILE: stateFile },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true, // its own process group: the terminal's Ctrl-C is ours to pass on
  });
  app.child = child;
  app.startedAt = new Date().toISOString();
  for (const stream of [child.stdout, child.stderr]) {
    stream.on('data', (chunk) => {
      app.log.write(chunk);
      toTerminal(chunk);
    });
  }
  child.on('error', (error) => say(`${app.name}: ${error.message}`));
  child.on('exit', (code, signal) => {
    const ranFor = Date.now() - Date.parse(app.startedAt);
    app.child = null;
    app.lastExit = { code, signal, at: new Date().toISOString() };
    if (stopping) {
      writeState();
      return;
    }
    if (ranFor >= STABLE_AFTER_MS) app.pause = FIRST_PAUSE_MS;
    app.restarts += 1;
    say(
      `${app.name} exited unexpectedly (${signal ? `signal ${signal}` : `code ${code}`}); restart ${app.restarts} in ${app.pause / 1000} s`,
    );
    app.timer = setTimeout(() => start(app), app.pause);
    app.pause = Math.min(app.pause * 2, LONGEST_PAUSE_MS);
    writeState();
  });
  writeState();
};

const stop = (signal) => {
  if (stopping) return;
  stopping = true;
  say(`${signal} received: stopping the applications`);
  for (const app of apps) {
    if (app.timer) clearTimeout(app.timer);
    if (app.child) process.kill(app.child.pid, 'SIGTERM');
  }
  const kill = setTimeout(() => {
    for (const app of apps) if (app.child) process.kill(-app.child.pid, 'SIGKILL');
  }, STOP_GRACE_MS);
  const check = setInterval(() => {
    if (apps.some((app) => app.child)) return;
    clearInterval(check);
    clearTimeout(kill);
    writeState();
    let open = apps.length;
    for (const app of apps) app.log.end(() => --open === 0 && process.exit(0));
  }, 100);
};

process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));
process.on('SIGHUP', () => stop('SIGHUP'));
for (const app of apps) start(app);
