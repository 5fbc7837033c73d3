// node seed.mjs <relay-ws-url>: signs the events given on stdin with nostr-tools and publishes them, one at a time.
// stdin: [{"created_at","kind","tags","content","secretKey"?: hex32}]: without a secretKey each event gets a new key.
// stdout: the signed events as a JSON array, in order. Exit 1 (reason on stderr) on a refusal or no OK within 10 s.
import WebSocket from 'ws';
import { finalizeEvent, generateSecretKey } from 'nostr-tools/pure';

const [url] = process.argv.slice(2);
if (!url) {
  console.error('usage: node seed.mjs <relay-ws-url> < events.json');
  process.exit(2);
}
const fail = reason => {
  console.error(`seed.mjs: ${reason}`);
  process.exit(1);
};

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const drafts = JSON.parse(Buffer.concat(chunks).toString('utf8'));
const events = drafts.map(({ secretKey, ...draft }) =>
  finalizeEvent(draft, secretKey ? Uint8Array.from(Buffer.from(secretKey, 'hex')) : generateSecretKey()));

const ws = new WebSocket(url);
ws.on('error', error => fail(`${url}: ${error.message}`));
await new Promise(resolve => ws.once('open', resolve));
const pending = new Map();
ws.on('message', data => {
  const [type, id, ok, reason] = JSON.parse(data.toString('utf8'));
  if (type !== 'OK' || !pending.has(id)) return;
  if (!ok && !String(reason).startsWith('duplicate:')) fail(`OK false for ${id}: ${reason}`);
  pending.get(id)();
  pending.delete(id);
});
for (const event of events) {
  const answered = new Promise(resolve => pending.set(event.id, resolve));
  const timer = setTimeout(() => fail(`no OK for ${event.id} within 10 s`), 10000);
  ws.send(JSON.stringify(['EVENT', event]));
  await answered;
  clearTimeout(timer);
}
process.stdout.write(JSON.stringify(events) + '\n', () => process.exit(0));
ws.close();
