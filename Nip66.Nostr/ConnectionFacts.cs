using System.Net;

namespace Nip66.Nostr;

/// <summary>What the transport learned while connecting: resolved addresses and the TLS certificate.</summary>
public sealed record ConnectionFacts(IReadOnlyList<IPAddress> Addresses, IPAddress? RemoteAddress, TlsFacts? Tls);
