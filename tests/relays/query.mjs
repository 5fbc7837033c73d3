// node query.mjs <relay-ws-url> <filter-json: object or array of filters> [authSecretKeyHex]
// Sends one REQ, collects events until EOSE and prints them as a JSON array, each with "verified" (nostr-tools).
// With a secret key it answers the relay's NIP-42 challenge and retries a REQ closed with `auth-required:`.
// Exit 1 (reason on stderr) on CLOSED, connection failure or no EOSE within 5 s.
import WebSocket from 'ws';
import { finalizeEvent, verifyEvent } from 'nostr-tools/pure';
import { makeAuthEvent } from 'nostr-tools/nip42';

const [url, filterJson, secretHex] = process.argv.slice(2);
if (!url || !filterJson) {
  console.error('usage: node query.mjs <relay-ws-url> <filter-json> [authSecretKeyHex]');
  process.exit(2);
}
const filters = [JSON.parse(filterJson)].flat();
const secretKey = secretHex ? Uint8Array.from(Buffer.from(secretHex, 'hex')) : null;

const fail = reason => {
  console.error(`query.mjs: ${reason}`);
  process.exit(1);
};
setTimeout(() => fail(`no EOSE from ${url} within 5 s`), 5000).unref();

const ws = new WebSocket(url);
let subId = 'q0';
let events = [];
let authId = null; // id of our AUTH event, until the relay accepts it
let authed = false;
let retryAfterAuth = false;
const sendReq = () => {
  subId = `q${Math.random().toString(36).slice(2, 10)}`;
  events = [];
  ws.send(JSON.stringify(['REQ', subId, ...filters]));
};

ws.on('open', sendReq);
ws.on('error', error => fail(`${url}: ${error.message}`));
ws.on('unexpected-response', (req, res) => fail(`${url}: HTTP ${res.statusCode} instead of a WebSocket upgrade`));
ws.on('message', data => {
  const [type, a, b, c] = JSON.parse(data.toString('utf8'));
  if (type === 'AUTH' && secretKey && !authed && authId === null) {
    const auth = finalizeEvent(makeAuthEvent(url, a), secretKey);
    authId = auth.id;
    ws.send(JSON.stringify(['AUTH', auth]));
  } else if (type === 'OK' && a === authId) {
    if (!b) fail(`AUTH refused: ${c}`);
    authed = true;
    if (retryAfterAuth) sendReq();
  } else if (type === 'EVENT' && a === subId) {
    events.push({ ...b, verified: verifyEvent({ ...b }) });
  } else if (type === 'CLOSED' && a === subId) {
    if (!String(b).startsWith('auth-required:') || !secretKey || retryAfterAuth) fail(`CLOSED: ${b}`);
    retryAfterAuth = true;
    if (authed) sendReq();
  } else if (type === 'EOSE' && a === subId) {
    process.stdout.write(JSON.stringify(events) + '\n', () => process.exit(0));
    ws.close();
  }
});
