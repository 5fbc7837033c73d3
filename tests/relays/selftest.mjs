// Hand-run check of relay-host.mjs, query.mjs and crosscheck.mjs: `node selftest.mjs` (exit 0 = all passed).
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { createInterface } from 'node:readline';
import WebSocket from 'ws';
import { finalizeEvent, generateSecretKey, getPublicKey } from 'nostr-tools/pure';
import { makeAuthEvent } from 'nostr-tools/nip42';

const here = new URL('.', import.meta.url).pathname;
const now = () => Math.floor(Date.now() / 1000);
const key = generateSecretKey();
// Plain JSON copy: finalizeEvent leaves nostr-tools' `verified` symbol on the object.
const sign = (fields, sk = key) => JSON.parse(JSON.stringify(finalizeEvent({ created_at: now(), kind: 1, tags: [], content: '', ...fields }, sk)));
let failures = 0;
async function check(name, fn) {
  try {
    await fn();
    console.log(`ok   ${name}`);
  } catch (error) {
    failures++;
    console.log(`FAIL ${name}: ${error.message}`);
  }
}

function startHost(spec) {
  const child = spawn('node', [`${here}relay-host.mjs`, JSON.stringify(spec)], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout });
  const exited = new Promise(resolve => child.on('exit', (code, signal) => resolve({ code, signal })));
  return new Promise((resolve, reject) => {
    lines.once('line', line => resolve({ child, exited, lines, relays: Object.fromEntries(JSON.parse(line).relays.map(r => [r.name, r])) }));
    child.once('exit', () => reject(new Error('relay-host exited before printing its line')));
  });
}

// A WebSocket client whose incoming messages can be awaited one predicate at a time.
async function connect(url) {
  const ws = new WebSocket(url);
  const inbox = [];
  const waiters = [];
  ws.on('message', data => {
    inbox.push(JSON.parse(data.toString()));
    for (const w of [...waiters]) w();
  });
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  return {
    ws,
    send: msg => ws.send(JSON.stringify(msg)),
    next: (pred, ms = 3000) =>
      new Promise((resolve, reject) => {
        const look = () => {
          const i = inbox.findIndex(pred);
          if (i < 0) return false;
          waiters.splice(waiters.indexOf(look), 1);
          clearTimeout(timer);
          resolve(inbox.splice(i, 1)[0]);
          return true;
        };
        const timer = setTimeout(() => {
          waiters.splice(waiters.indexOf(look), 1);
          reject(new Error(`timeout; inbox: ${JSON.stringify(inbox)}`));
        }, ms);
        waiters.push(look);
        look();
      }),
  };
}
const publish = async (c, event) => {
  c.send(['EVENT', event]);
  return c.next(m => m[0] === 'OK' && m[1] === event.id);
};
const fetchEvents = async (c, filter) => {
  const sub = Math.random().toString(36).slice(2);
  c.send(['REQ', sub, filter]);
  const events = [];
  for (;;) {
    const m = await c.next(m => (m[0] === 'EVENT' || m[0] === 'EOSE' || m[0] === 'CLOSED') && m[1] === sub);
    if (m[0] === 'CLOSED') return m;
    if (m[0] === 'EOSE') return events;
    events.push(m[2]);
  }
};
const nip11 = url => fetch(url, { headers: { Accept: 'application/nostr+json' } });

const host = await startHost([
  { name: 'healthy', mode: 'healthy' },
  { name: 'ro', mode: 'readonly' },
  { name: 'auth', mode: 'auth' },
  { name: 'nonip11', mode: 'healthy', nip11: false },
  { name: 'noupgrade', mode: 'upgrade-refused' },
]);
const { healthy, ro, auth, nonip11, noupgrade } = host.relays;

await check('stdout line lists relays in spec order with ws/http URLs', () => {
  assert.deepEqual(Object.keys(host.relays), ['healthy', 'ro', 'auth', 'nonip11', 'noupgrade']);
  assert.match(healthy.url, /^ws:\/\/127\.0\.0\.1:\d+$/);
  assert.equal(healthy.http, healthy.url.replace('ws:', 'http:'));
});

await check('NIP-11 document, content type and CORS', async () => {
  const res = await nip11(healthy.http);
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-type'), 'application/nostr+json');
  assert.equal(res.headers.get('access-control-allow-origin'), '*');
  const doc = await res.json();
  assert.equal(doc.name, 'healthy');
  assert.deepEqual(doc.supported_nips, [1, 11, 40, 42]);
  assert.deepEqual(doc.limitation, { auth_required: false, payment_required: false, restricted_writes: false });
  assert.equal((await (await nip11(ro.http)).json()).limitation.restricted_writes, true);
  assert.equal((await (await nip11(auth.http)).json()).limitation.auth_required, true);
});

await check('healthy: write then read back immediately; tampered copy is invalid, not duplicate', async () => {
  const c = await connect(healthy.url);
  const event = sign({ content: 'hello 🎉\u2028' });
  assert.deepEqual(await fetchEvents(c, { ids: [event.id] }), []); // same filter again below: no stale cache
  assert.equal((await publish(c, event))[2], true);
  assert.deepEqual(await fetchEvents(c, { ids: [event.id] }), [event]);
  const tampered = { ...event, content: 'tampered' };
  const ok = await publish(c, tampered);
  assert.equal(ok[2], false);
  assert.match(ok[3], /^invalid:/);
  const badSig = { ...sign({ content: 'x' }), sig: event.sig };
  assert.match((await publish(c, badSig))[3], /^invalid:/);
  assert.match((await publish(c, event))[3], /^duplicate:/);
  c.send(['EVENT', { ...event, id: 'nothex' }]);
  assert.match((await c.next(m => m[0] === 'OK' && m[1] === 'nothex'))[3], /^invalid/);
  c.ws.close();
});

await check('healthy: replaceable and addressable slots, tie-break, tag filters, limit, expiration', async () => {
  const c = await connect(healthy.url);
  const sk = generateSecretKey();
  const pk = getPublicKey(sk);
  const t = now() - 100;
  const r1 = sign({ kind: 10166, created_at: t }, sk);
  const r2 = sign({ kind: 10166, created_at: t + 1 }, sk);
  await publish(c, r2);
  assert.match((await publish(c, r1))[3] ?? '', /^duplicate:/); // older one loses
  assert.deepEqual(await fetchEvents(c, { kinds: [10166], authors: [pk] }), [r2]);
  const [a, b] = [sign({ kind: 0, created_at: t, content: 'a' }, sk), sign({ kind: 0, created_at: t, content: 'b' }, sk)];
  const [low, high] = a.id < b.id ? [a, b] : [b, a];
  await publish(c, high);
  await publish(c, low);
  await publish(c, high);
  assert.deepEqual(await fetchEvents(c, { kinds: [0], authors: [pk] }), [low]);
  const d1 = sign({ kind: 30166, created_at: t, tags: [['d', 'wss://a/']] }, sk);
  const d1b = sign({ kind: 30166, created_at: t + 5, tags: [['d', 'wss://a/']] }, sk);
  const d2 = sign({ kind: 30166, created_at: t + 2, tags: [['d', 'wss://b/']] }, sk);
  for (const e of [d1, d2, d1b]) assert.equal((await publish(c, e))[2], true);
  assert.deepEqual(await fetchEvents(c, { kinds: [30166], authors: [pk] }), [d1b, d2]);
  assert.deepEqual(await fetchEvents(c, { kinds: [30166], '#d': ['wss://b/'] }), [d2]);
  assert.deepEqual(await fetchEvents(c, { kinds: [30166], authors: [pk], limit: 1 }), [d1b]);
  assert.deepEqual(await fetchEvents(c, { kinds: [30166], authors: [pk], since: t + 3 }), [d1b]);
  const expiring = sign({ tags: [['expiration', String(now() + 1)]] }, sk);
  await publish(c, expiring);
  await new Promise(r => setTimeout(r, 2100));
  assert.deepEqual(await fetchEvents(c, { ids: [expiring.id] }), []);
  c.ws.close();
});

await check('healthy: live subscription honours #d', async () => {
  const c = await connect(healthy.url);
  c.send(['REQ', 'live', { kinds: [30166], '#d': ['wss://wanted/'] }]);
  await c.next(m => m[0] === 'EOSE');
  const other = sign({ kind: 30166, tags: [['d', 'wss://other/']] });
  const wanted = sign({ kind: 30166, tags: [['d', 'wss://wanted/']] });
  await publish(c, other);
  await publish(c, wanted);
  assert.equal((await c.next(m => m[0] === 'EVENT' && m[1] === 'live'))[2].id, wanted.id);
  c.ws.close();
});

await check('readonly: reads work, EVENT refused with restricted:', async () => {
  const c = await connect(ro.url);
  const ok = await publish(c, sign({ content: 'ro' }));
  assert.equal(ok[2], false);
  assert.match(ok[3], /^restricted:/);
  assert.deepEqual(await fetchEvents(c, { kinds: [1], limit: 1 }), []);
  c.ws.close();
});

await check('auth: challenge, refusals before AUTH, wrong relay tag refused, reads and writes after', async () => {
  const c = await connect(auth.url);
  const [, challenge] = await c.next(m => m[0] === 'AUTH');
  const closed = await fetchEvents(c, { kinds: [1] });
  assert.equal(closed[0], 'CLOSED');
  assert.match(closed[2], /^auth-required:/);
  const event = sign({ content: 'authed' });
  assert.match((await publish(c, event))[3], /^auth-required:/);
  const wrongPort = finalizeEvent(makeAuthEvent('ws://127.0.0.1:1/', challenge), key);
  c.send(['AUTH', wrongPort]);
  assert.equal((await c.next(m => m[0] === 'OK' && m[1] === wrongPort.id))[2], false);
  const wrongChallenge = finalizeEvent(makeAuthEvent(auth.url, 'nope'), key);
  c.send(['AUTH', wrongChallenge]);
  assert.equal((await c.next(m => m[0] === 'OK' && m[1] === wrongChallenge.id))[2], false);
  const good = finalizeEvent(makeAuthEvent(auth.url + '/', challenge), key);
  c.send(['AUTH', good]);
  assert.equal((await c.next(m => m[0] === 'OK' && m[1] === good.id))[2], true);
  assert.equal((await publish(c, event))[2], true);
  assert.deepEqual(await fetchEvents(c, { ids: [event.id] }), [event]);
  c.ws.close();
});

await check('upgrade-refused: HTTP 403 on upgrade, NIP-11 still served', async () => {
  const status = await new Promise((resolve, reject) => {
    const ws = new WebSocket(noupgrade.url);
    ws.on('unexpected-response', (req, res) => resolve(res.statusCode));
    ws.on('open', () => reject(new Error('upgrade accepted')));
    ws.on('error', reject);
  });
  assert.equal(status, 403);
  assert.equal((await nip11(noupgrade.http)).status, 200);
});

await check('nip11:false: NIP-11 request gets 404, WebSocket works', async () => {
  assert.equal((await nip11(nonip11.http)).status, 404);
  const c = await connect(nonip11.url);
  assert.deepEqual(await fetchEvents(c, { kinds: [1] }), []);
  c.ws.close();
});

await check('query.mjs: plain and with NIP-42 key', async () => {
  const c = await connect(healthy.url);
  const event = sign({ kind: 1, content: 'for query.mjs', tags: [['t', 'q']] });
  await publish(c, event);
  c.ws.close();
  const run = args => JSON.parse(execFileSync('node', [`${here}query.mjs`, ...args], { encoding: 'utf8' }));
  assert.deepEqual(run([healthy.url, JSON.stringify({ '#t': ['q'] })]), [{ ...event, verified: true }]);
  assert.deepEqual(run([auth.url, JSON.stringify({ kinds: [1], authors: [getPublicKey(key)] }), Buffer.from(key).toString('hex')]).length, 1);
  assert.throws(() => execFileSync('node', [`${here}query.mjs`, auth.url, '{}'], { stdio: 'pipe' }));
});

await check('crosscheck.mjs: NIP-13 vector verifies, signing with aux is deterministic', () => {
  const vector = {
    pubkey: 'a48380f4cfcc1ad5378294fcac36439770f9c878dd880ffa94bb74ea54a6f243',
    created_at: 1651794653, kind: 1, tags: [['nonce', '776797', '20']], content: "It's just me mining my own business",
    id: '000006d8c378af1779d2feebc7603a125d99eca0ccf1085959b307f64e5dd358',
    sig: '284622fc0a3f4f1303455d5175f7ba962a3300d136085b9566801bc2e0699de0c7e31e44c81fb40ad9049173742e904713c3594a1da0fc5d2382a25c11aba977',
  };
  const toSign = { event: { created_at: 1, kind: 1, tags: [], content: 'é🎉\u2028' }, secretKey: '03'.padStart(64, '0'), aux: '00'.repeat(32) };
  const input = JSON.stringify({ events: [vector, { ...vector, content: 'x' }], sign: [toSign, toSign] });
  const out = JSON.parse(execFileSync('node', [`${here}crosscheck.mjs`], { input, encoding: 'utf8' }));
  assert.deepEqual(out.events.map(e => e.verified), [true, false]);
  assert.equal(out.events[0].id, vector.id);
  assert.deepEqual(out.sign[0], out.sign[1]);
  assert.equal(out.sign[0].verified, true);
  const again = JSON.parse(execFileSync('node', [`${here}crosscheck.mjs`], {
    input: JSON.stringify({ events: [{ ...toSign.event, pubkey: out.sign[0].pubkey, id: out.sign[0].id, sig: out.sign[0].sig }] }),
    encoding: 'utf8',
  }));
  assert.equal(again.events[0].verified, true);
  assert.ok(again.events[0].serialized.includes('é🎉\u2028'));
});

await check('relay-host: only one stdout line, exits 0 when stdin closes', async () => {
  let extra = 0;
  host.lines.on('line', () => extra++);
  host.child.stdin.end();
  const { code } = await host.exited;
  assert.equal(code, 0);
  assert.equal(extra, 0);
});

await check('relay-host: exits 0 on SIGTERM', async () => {
  const h = await startHost([{ name: 'x', mode: 'healthy' }]);
  h.child.kill('SIGTERM');
  assert.equal((await h.exited).code, 0);
});

console.log(failures ? `${failures} check(s) failed` : 'all checks passed');
process.exit(failures ? 1 : 0);
