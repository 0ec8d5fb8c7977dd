// Preloaded (`node --require`) into the CLI and the language server by the security tests.
// Records every attempt to reach the network, start a process, or load a module from outside
// the product's own folder, as one JSON line per attempt appended to the file named by
// AWAITWISE_RECORD_FILE. Nothing is blocked: the calls go through after being written down,
// so the product behaves as it would without this file, and the test decides what is allowed.
//
// Plain CommonJS on purpose: it runs before anything else, in processes that have no tsx.
'use strict';
const { appendFileSync } = require('node:fs');
const Module = require('node:module');
const { isMainThread } = require('node:worker_threads');

const recordFile = process.env.AWAITWISE_RECORD_FILE;
/** Modules under this folder (the built bundles) are the product's own. */
const ownFolder = process.env.AWAITWISE_RECORD_OWN_FOLDER;
if (!recordFile || !ownFolder) throw new Error('outbound-recorder: AWAITWISE_RECORD_FILE and AWAITWISE_RECORD_OWN_FOLDER must be set');

function record(api, detail) {
  const stack = (new Error().stack ?? '').split('\n').slice(3, 9).map((line) => line.trim());
  appendFileSync(recordFile, `${JSON.stringify({ api, detail, thread: isMainThread ? 'main' : 'worker', pid: process.pid, stack })}\n`);
}

function describe(value) {
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** Replaces `owner[name]` with a function that records its first argument, then calls through. */
function watch(owner, name, api) {
  const original = owner?.[name];
  if (typeof original !== 'function') return;
  owner[name] = function recorded(...args) {
    record(api, describe(args[0]));
    return new.target ? Reflect.construct(original, args, new.target) : Reflect.apply(original, this, args);
  };
}

const net = require('node:net');
for (const name of ['connect', 'createConnection']) watch(net, name, `net.${name}`);
watch(net.Socket.prototype, 'connect', 'net.Socket#connect');
watch(require('node:tls'), 'connect', 'tls.connect');
watch(require('node:http2'), 'connect', 'http2.connect');
watch(require('node:dgram'), 'createSocket', 'dgram.createSocket');
for (const [module, prefix] of [
  [require('node:http'), 'http'],
  [require('node:https'), 'https'],
]) {
  for (const name of ['request', 'get']) watch(module, name, `${prefix}.${name}`);
}
const dns = require('node:dns');
for (const [owner, prefix] of [
  [dns, 'dns'],
  [dns.promises, 'dns.promises'],
]) {
  for (const name of Object.keys(owner).filter((key) => key === 'lookup' || key === 'lookupService' || key.startsWith('resolve') || key === 'reverse')) {
    watch(owner, name, `${prefix}.${name}`);
  }
}
watch(globalThis, 'fetch', 'fetch');
watch(globalThis, 'WebSocket', 'WebSocket');
const childProcess = require('node:child_process');
for (const name of ['spawn', 'spawnSync', 'exec', 'execSync', 'execFile', 'execFileSync', 'fork']) watch(childProcess, name, `child_process.${name}`);

// Every CommonJS load goes through Module._load, the bundles' `require` of Node's own modules
// included; those and the bundles themselves are expected, anything else is recorded.
const load = Module._load;
Module._load = function recordedLoad(request, parent, isMain) {
  if (!Module.isBuiltin(request)) {
    let filename = request;
    try {
      filename = Module._resolveFilename(request, parent, isMain);
    } catch {
      // Unresolvable: recorded by its name; the load below fails as it would have.
    }
    if (!filename.startsWith(ownFolder)) record('require', filename);
  }
  return load.apply(this, arguments);
};
