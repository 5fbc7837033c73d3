// In-memory EventRepository for @nostr-relay/core (no database, no native build).
import { EventRepository } from '@nostr-relay/common';

// NIP-01 filter match: ids, authors, kinds, since, until and #<letter> tag filters.
export function matchFilter(filter, event) {
  if (filter.ids && !filter.ids.includes(event.id)) return false;
  if (filter.authors && !filter.authors.includes(event.pubkey)) return false;
  if (filter.kinds && !filter.kinds.includes(event.kind)) return false;
  if (filter.since !== undefined && event.created_at < filter.since) return false;
  if (filter.until !== undefined && event.created_at > filter.until) return false;
  for (const [key, values] of Object.entries(filter)) {
    if (!/^#[A-Za-z]$/.test(key)) continue;
    if (!event.tags.some(t => t[0] === key[1] && values.includes(t[1]))) return false;
  }
  return true;
}

// Replaceable (0, 3, 10000-19999) and addressable (30000-39999) events share a slot per key.
function slotKey(event) {
  const { kind, pubkey } = event;
  if (kind === 0 || kind === 3 || (kind >= 10000 && kind < 20000)) return `${kind}:${pubkey}`;
  if (kind >= 30000 && kind < 40000) return `${kind}:${pubkey}:${event.tags.find(t => t[0] === 'd')?.[1] ?? ''}`;
  return null;
}

// Newest first; equal created_at: lowest id first (that one wins a replaceable slot).
const order = (a, b) => b.created_at - a.created_at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

const isExpired = (event, now) => {
  const exp = Number(event.tags.find(t => t[0] === 'expiration')?.[1]);
  return Number.isFinite(exp) && exp < now;
};

export class MemoryEventRepository extends EventRepository {
  events = new Map(); // id -> event
  slots = new Map(); // slot key -> id of the event holding it (so a replaceable event costs no scan: seeding 100,000 is quick)

  isSearchSupported() {
    return false;
  }

  upsert(event) {
    if (this.events.has(event.id)) return { isDuplicate: true };
    const key = slotKey(event);
    if (key !== null) {
      const old = this.events.get(this.slots.get(key));
      if (old) {
        if (order(old, event) < 0) return { isDuplicate: true }; // the stored one wins
        this.events.delete(old.id);
      }
      this.slots.set(key, event.id);
    }
    this.events.set(event.id, event);
    return { isDuplicate: false };
  }

  find(filter) {
    const now = Math.floor(Date.now() / 1000);
    const hits = [...this.events.values()].filter(e => matchFilter(filter, e) && !isExpired(e, now)).sort(order);
    return filter.limit === undefined ? hits : hits.slice(0, filter.limit);
  }

  // NIP-09, `e` tags only: an author may delete their own events.
  async deleteByDeletionRequest(request) {
    for (const [name, id] of request.tags) {
      const event = this.events.get(id);
      if (name !== 'e' || event?.pubkey !== request.pubkey) continue;
      this.events.delete(id);
      const key = slotKey(event);
      if (key !== null && this.slots.get(key) === id) this.slots.delete(key);
    }
  }

  async destroy() {
    this.events.clear();
    this.slots.clear();
  }
}
