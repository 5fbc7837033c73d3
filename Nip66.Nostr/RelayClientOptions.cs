namespace Nip66.Nostr;

public sealed record RelayClientOptions
{
    /// <summary>Largest relay frame accepted; a longer one ends the connection with a protocol error.</summary>
    public int MaxFrameBytes { get; init; } = 1 << 20;

    public string UserAgent { get; init; } = MonitorUserAgent.Default;

    /// <summary>Bounds the closing handshake so a relay that never answers CLOSE cannot hold a check open.</summary>
    public TimeSpan CloseTimeout { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The SSRF guard, off by default because the operator's own tools (check command, publisher) may point anywhere;
    /// the checker turns it on for relays that did not come from the operator.
    /// </summary>
    public bool AllowPrivateAddresses { get; init; } = true;

    /// <summary>
    /// When true, a frame that is no NIP-01 message (invalid JSON, a malformed event) is counted in
    /// <see cref="RelayConnection.MalformedMessages"/> and skipped instead of ending the connection: for readers of
    /// many events, where one bad event must not cost the rest. Off for the checker's probes, where it is a finding.
    /// </summary>
    public bool SkipMalformedMessages { get; init; }

    /// <summary>Shared cap on concurrent connections per IP address; null for none.</summary>
    public AddressLimiter? AddressLimiter { get; init; }

    /// <summary>Where guarded relays may connect although the address is not public (config <c>Guard:TrustedRanges</c>).</summary>
    public TrustedRanges TrustedRanges { get; init; } = TrustedRanges.None;

    /// <summary>Answers the lookups of every connection (WebSocket and NIP-11); a test maps names to its own addresses.</summary>
    public IHostResolver Resolver { get; init; } = SystemHostResolver.Instance;

    public ConnectPolicy Policy => new(AllowPrivateAddresses, AddressLimiter) { TrustedRanges = TrustedRanges, Resolver = Resolver };
}
