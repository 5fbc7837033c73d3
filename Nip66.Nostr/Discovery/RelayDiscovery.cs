namespace Nip66.Nostr.Discovery;

/// <summary>The content of a kind 30166 relay discovery event, typed. <see cref="RelayDiscoveryCodec"/> maps it to tags.</summary>
public sealed record RelayDiscovery
{
    public const int Kind = 30166;

    public required string Relay { get; init; }

    public required long CreatedAt { get; init; }

    public int? RttOpen { get; init; }

    public int? RttRead { get; init; }

    public int? RttWrite { get; init; }

    public RelayNetwork? Network { get; init; }

    public IReadOnlyList<string> RelayTypes { get; init; } = [];

    public IReadOnlyList<int> SupportedNips { get; init; } = [];

    public IReadOnlyList<Requirement> Requirements { get; init; } = [];

    public IReadOnlyList<string> Topics { get; init; } = [];

    /// <summary>ISO-639-1 language codes.</summary>
    public IReadOnlyList<string> Languages { get; init; } = [];

    /// <summary>The relay's NIP-11 document as JSON, or empty.</summary>
    public string Content { get; init; } = string.Empty;
}
