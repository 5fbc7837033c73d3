// Reference oracle (nostr-tools + @noble/curves): reads ONE JSON object on stdin, writes ONE JSON object on stdout.
// In:  {"events":[{pubkey,created_at,kind,tags,content,id?,sig?}], "sign":[{"event":{created_at,kind,tags,content},"secretKey":hex32,"aux":hex32}]}
// Out: {"events":[{serialized,id,verified: bool|null}], "sign":[{pubkey,id,sig,verified}]}
import { getEventHash, serializeEvent, verifyEvent } from 'nostr-tools/pure';
import { schnorr } from '@noble/curves/secp256k1.js';

const hex = bytes => Buffer.from(bytes).toString('hex');
const bytes = (text, length) => {
  if (typeof text !== 'string' || !new RegExp(`^[0-9a-fA-F]{${length * 2}}$`).test(text)) throw new Error(`want ${length} hex bytes, got ${text}`);
  return Uint8Array.from(Buffer.from(text, 'hex'));
};

// A malformed event (nostr-tools' validateEvent fails) gets serialized/id null, an error, and verified false.
function check(event) {
  const verified = typeof event.id === 'string' && typeof event.sig === 'string' ? verifyEvent({ ...event }) : null;
  try {
    return { serialized: serializeEvent(event), id: getEventHash(event), verified };
  } catch (error) {
    return { serialized: null, id: null, verified: verified && false, error: error.message };
  }
}

function sign({ event, secretKey, aux }) {
  const key = bytes(secretKey, 32);
  const signed = { ...event, pubkey: hex(schnorr.getPublicKey(key)) };
  signed.id = getEventHash(signed);
  signed.sig = hex(schnorr.sign(bytes(signed.id, 32), key, bytes(aux, 32)));
  return { pubkey: signed.pubkey, id: signed.id, sig: signed.sig, verified: verifyEvent({ ...signed }) };
}

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const input = JSON.parse(Buffer.concat(chunks).toString('utf8')); // decode once: chunks may split a UTF-8 sequence
const output = { events: (input.events ?? []).map(check), sign: (input.sign ?? []).map(sign) };
process.stdout.write(Buffer.from(JSON.stringify(output) + '\n', 'utf8'));
