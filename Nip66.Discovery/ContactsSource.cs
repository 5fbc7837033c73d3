using Nip66.Nostr.RelayLists;

namespace Nip66.Discovery;

/// <summary>Kind 3 contact lists whose content is the legacy relay map (<c>{"wss://...": {"read": true, ...}}</c>).</summary>
public sealed class ContactsSource() : DiscoverySource("contacts", RelayListParsers.ContactList);
