// Starts real @nostr-relay relays on 127.0.0.1 (OS-chosen ports) and prints ONE JSON line with their URLs.
// Usage: node relay-host.mjs '[{"name":"healthy","mode":"healthy"},{"name":"x","mode":"auth","nip11":false}]'
// Modes: healthy, readonly, auth (NIP-42), upgrade-refused (HTTP 403 on every WebSocket upgrade).
// "maxEventBytes" refuses larger events (the signed event's JSON, UTF-8) with `invalid: event too large`, as strfry
// does with its 64 KiB default; "nip11Bytes" pads the NIP-11 description until the document is that many bytes.
// Injected latency, the truth RTT tests measure against: "openDelayMs" answers each WebSocket upgrade that long after
// its request arrived; "messageDelayMs" sends the relay's answers to a client message that long after the message
// arrived (the relay's own work, signature checks included, happens inside that time); with "inOrder" a connection's
// messages are taken one at a time in arrival order, each after the previous one was answered.
// "seedFile" (a path) fills the store at start with the events in it, one JSON event per line, unchecked.
// Stops (exit 0) when stdin closes or on SIGTERM/SIGINT.
import { AsyncLocalStorage } from 'node:async_hooks';
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { setImmediate as nextTurn, setTimeout as sleep } from 'node:timers/promises';
import { readFileSync } from 'node:fs';
import { WebSocketServer } from 'ws';
import { NostrRelay } from '@nostr-relay/core';
import { Validator } from '@nostr-relay/validator';
import {
  createOutgoingClosedMessage,
  createOutgoingEventMessage,
  createOutgoingNoticeMessage,
  createOutgoingOkMessage,
  LogLevel,
} from '@nostr-relay/common';
import { getEventHash, verifyEvent } from 'nostr-tools/pure';
import { MemoryEventRepository, matchFilter } from './memory-repository.mjs';

// stdout carries exactly one line; everything else (including library logs) goes to stderr.
const printLine = line => process.stdout.write(line + '\n');
console.log = console.info = console.debug = console.error;

const MODES = ['healthy', 'readonly', 'auth', 'upgrade-refused'];
const coreVersion = JSON.parse(readFileSync(new URL('./node_modules/@nostr-relay/core/package.json', import.meta.url))).version;
const logger = {
  setLogLevel() {},
  debug() {},
  info: (...a) => console.error(...a),
  warn: (...a) => console.error(...a),
  error: (...a) => console.error(...a),
};

function nip11Document(name, mode, nip11Bytes) {
  const doc = {
    name,
    description: `Nip66 test relay (${mode})`,
    software: 'https://github.com/CodyTseng/nostr-relay',
    version: coreVersion,
    supported_nips: [1, 11, 40, 42],
    limitation: { auth_required: mode === 'auth', payment_required: false, restricted_writes: mode === 'readonly' },
  };
  const missing = (nip11Bytes ?? 0) - Buffer.byteLength(JSON.stringify(doc));
  if (missing > 0) doc.description += ' ' + 'lorem ipsum '.repeat(Math.ceil(missing / 12)).slice(0, missing - 1);
  return doc;
}

function createRelay(mode, url, maxEventBytes, repository) {
  const relay = new NostrRelay(repository, {
    hostname: mode === 'auth' ? '127.0.0.1' : undefined, // enables core's NIP-42 (challenge on connect, AUTH check)
    filterResultCacheTtl: 0, // else a REQ right after an accepted EVENT can miss it for ~1 s
    eventHandlingResultCacheTtl: 0, // else a second EVENT with a known id skips every check below
    logger,
    logLevel: LogLevel.WARN,
  });
  const contexts = new Set(); // every client that sent something, for the broadcast below

  relay.register({
    // Core answers `duplicate:` to a tampered copy of a stored id: verify id and signature first.
    beforeHandleEvent(event) {
      if (getEventHash(event) !== event.id) return { canHandle: false, message: 'invalid: event id does not match' };
      if (!verifyEvent(event)) return { canHandle: false, message: 'invalid: signature is wrong' };
      const size = Buffer.byteLength(JSON.stringify(event));
      if (maxEventBytes && size > maxEventBytes) return { canHandle: false, message: `invalid: event too large (${size} bytes, limit ${maxEventBytes})` };
      if (mode === 'readonly') return { canHandle: false, message: 'restricted: read-only relay' };
      return { canHandle: true };
    },
    async handleMessage(ctx, message, next) {
      contexts.add(ctx);
      if (mode !== 'auth') return next();
      const [type, payload] = message;
      if (type === 'AUTH') {
        // Core only compares the host name; also require this relay's port (trailing slash optional).
        const relayTag = payload.tags.find(t => t[0] === 'relay')?.[1];
        if (!sameRelay(relayTag, url)) {
          ctx.sendMessage(createOutgoingOkMessage(payload.id, false, 'invalid: the relay url is wrong'));
          return { messageType: 'AUTH', success: false };
        }
        return next();
      }
      if (ctx.pubkey) return next();
      if (type === 'REQ') {
        ctx.sendMessage(createOutgoingClosedMessage(payload, 'auth-required: this relay requires NIP-42 authentication'));
        return { messageType: 'REQ', events: [] };
      }
      if (type === 'EVENT') {
        ctx.sendMessage(createOutgoingOkMessage(payload.id, false, 'auth-required: this relay requires NIP-42 authentication'));
        return { messageType: 'EVENT', success: false };
      }
      return next();
    },
    // Core's live-subscription matching ignores #<letter> filters; fan out with the full NIP-01 match instead.
    async broadcast(event) {
      for (const ctx of contexts) {
        if (!ctx.isOpen) {
          contexts.delete(ctx);
          continue;
        }
        ctx.subscriptions.forEach((filters, subId) => {
          if (filters.some(f => matchFilter(f, event))) ctx.sendMessage(createOutgoingEventMessage(subId, event));
        });
      }
    },
  });
  return relay;
}

// Node's timers run on a cached millisecond clock and can fire up to 1 ms early; a test measuring against this
// delay as the lower bound of an RTT needs it never to be shorter.
async function holdUntil(time) {
  const left = time - performance.now();
  if (left <= 0) return;
  await sleep(left);
  while (performance.now() < time) await nextTurn();
}

// The time the answers to the message being handled may leave, carried through the relay's awaits.
const answerTime = new AsyncLocalStorage();

function sameRelay(tag, url) {
  try {
    const a = new URL(tag);
    const b = new URL(url);
    return a.protocol === b.protocol && a.host === b.host && a.pathname === '/' && !a.search && !a.hash;
  } catch {
    return false;
  }
}

// Reply to a message the validator rejected the way a client waits for: OK for EVENT, CLOSED for REQ.
function rejection(data, error) {
  let msg;
  try {
    msg = JSON.parse(data.toString());
  } catch {}
  const text = error.message.startsWith('invalid') ? error.message : `invalid: ${error.message}`;
  if (Array.isArray(msg) && msg[0] === 'EVENT' && typeof msg[1]?.id === 'string') return createOutgoingOkMessage(msg[1].id, false, text);
  if (Array.isArray(msg) && msg[0] === 'REQ' && typeof msg[1] === 'string') return createOutgoingClosedMessage(msg[1], text);
  return createOutgoingNoticeMessage(text);
}

// A benchmark's stored events, one JSON event per line, put straight into the store: they are the harness's own,
// signed by it, so the relay's per-event checks (a signature check in JavaScript per event) would only slow the start.
function seed(repository, seedFile) {
  if (!seedFile) return;
  for (const line of readFileSync(seedFile, 'utf8').split('\n')) {
    if (line.trim()) repository.upsert(JSON.parse(line));
  }
}

async function startRelay({ name, mode, nip11 = true, maxEventBytes = 0, nip11Bytes = 0, openDelayMs = 0, messageDelayMs = 0, inOrder = false, seedFile = null }) {
  if (!MODES.includes(mode)) throw new Error(`unknown mode ${mode} (want one of ${MODES.join(', ')})`);
  const server = http.createServer();
  await new Promise((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  const url = `ws://127.0.0.1:${port}`;
  const doc = JSON.stringify(nip11Document(name, mode, nip11Bytes));

  server.on('request', (req, res) => {
    const cors = { 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Headers': '*', 'Access-Control-Allow-Methods': 'GET, OPTIONS' };
    if (req.method === 'OPTIONS') return res.writeHead(204, cors).end();
    if (!(req.headers.accept ?? '').includes('application/nostr+json')) {
      return res.writeHead(200, { 'Content-Type': 'text/plain' }).end('Nip66 test relay: use a Nostr client.\n');
    }
    if (!nip11) return res.writeHead(404, { ...cors, 'Content-Type': 'text/plain' }).end('not found\n');
    res.writeHead(200, { ...cors, 'Content-Type': 'application/nostr+json' }).end(doc);
  });

  if (mode === 'upgrade-refused') {
    server.on('upgrade', (req, socket) => {
      socket.on('error', () => {});
      socket.end('HTTP/1.1 403 Forbidden\r\nContent-Type: text/plain\r\nContent-Length: 10\r\nConnection: close\r\n\r\nforbidden\n');
    });
    return { name, url, http: `http://127.0.0.1:${port}` };
  }

  const repository = new MemoryEventRepository();
  seed(repository, seedFile);
  const relay = createRelay(mode, url, maxEventBytes, repository);
  // With a size limit, that limit is the one rule on size (the validator's own content cap would answer first).
  const validator = new Validator(maxEventBytes ? { maxContentLength: 16 * 1024 * 1024 } : {});
  const wss = new WebSocketServer({ noServer: true });
  server.on('upgrade', async (req, socket, head) => {
    socket.on('error', () => {});
    await holdUntil(performance.now() + openDelayMs);
    if (!socket.destroyed) wss.handleUpgrade(req, socket, head, ws => wss.emit('connection', ws, req));
  });
  wss.on('connection', (ws, req) => {
    relay.handleConnection(ws, req.socket.remoteAddress);
    const send = ws.send.bind(ws);
    let sending = Promise.resolve();
    ws.send = (...args) => {
      const releaseAt = answerTime.getStore() ?? 0;
      sending = sending.then(() => holdUntil(releaseAt)).then(() => ws.readyState === ws.OPEN && send(...args));
    };
    const handle = data => {
      const releaseAt = performance.now() + messageDelayMs;
      return answerTime.run(releaseAt, async () => {
        try {
          const message = await validator.validateIncomingMessage(data);
          await relay.handleMessage(ws, message);
        } catch (error) {
          if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(rejection(data, error)));
        }
        await holdUntil(releaseAt);
      });
    };
    let previous = Promise.resolve();
    ws.on('message', data => {
      previous = inOrder ? previous.then(() => handle(data)) : handle(data);
    });
    ws.on('close', () => relay.handleDisconnect(ws));
    ws.on('error', error => console.error(`[${name}] ${error.message}`));
  });
  return { name, url, http: `http://127.0.0.1:${port}` };
}

const stop = () => process.exit(0);
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
process.stdin.on('end', stop);
process.stdin.on('close', stop);
process.stdin.on('error', stop);
process.stdin.resume();

try {
  const specs = JSON.parse(process.argv[2] ?? 'null');
  if (!Array.isArray(specs)) throw new Error('usage: node relay-host.mjs <spec-json array>');
  const relays = [];
  for (const spec of specs) relays.push(await startRelay(spec));
  printLine(JSON.stringify({ relays }));
  console.error(`relay-host: ${relays.map(r => `${r.name}=${r.url}`).join(' ')}`);
} catch (error) {
  console.error(`relay-host: ${error.stack ?? error}`);
  process.exit(1);
}
