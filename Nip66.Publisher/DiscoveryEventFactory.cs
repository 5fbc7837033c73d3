using Nip66.Contracts;
using Nip66.Nostr;
using Nip66.Nostr.Discovery;

namespace Nip66.Publisher;

/// <summary>
/// Turns a check result into the typed 30166 content: NIP-11 claims, overridden by what the probes saw. The result
/// is used as the checker made it: its parsed NIP-11 document, its normalized URL and its network.
/// </summary>
public static class DiscoveryEventFactory
{
    public static RelayDiscovery Build(RelayCheckResult result, long createdAt)
    {
        ArgumentNullException.ThrowIfNull(result);
        var document = result.Nip11;
        var observed = result.Requirements;
        var requirements = new List<Requirement>();
        void Add(string name, bool? value)
        {
            if (value is { } required)
            {
                requirements.Add(new Requirement(name, required));
            }
        }

        Add(Requirement.Auth, observed.Auth ?? document?.AuthRequired);
        Add(Requirement.Payment, observed.Payment ?? document?.PaymentRequired);
        Add(Requirement.Writes, observed.RestrictedWrites ?? document?.RestrictedWrites);
        Add(Requirement.Pow, observed.Pow ?? (document?.MinPowDifficulty is { } pow ? pow > 0 : null));
        return new RelayDiscovery
        {
            Relay = result.Url,
            CreatedAt = createdAt,
            RttOpen = result.RttOpenMs,
            RttRead = result.RttReadMs,
            RttWrite = result.RttWriteMs,
            Network = result.Network,
            RelayTypes = InferTypes(result, document),
            SupportedNips = document?.SupportedNips ?? [],
            Requirements = requirements,
            Topics = document?.Tags ?? [],
            Languages = document?.LanguageTags.Select(PrimaryLanguage).OfType<string>().Distinct().ToArray() ?? [],
            Content = document?.Json ?? string.Empty,
        };
    }

    public static NostrEvent Sign(RelayCheckResult result, long createdAt, NostrKeys keys) =>
        RelayDiscoveryCodec.ToEvent(Build(result, createdAt)).Sign(keys);

    /// <summary>Only types the evidence supports: NIP-50 means search; open reads and writes mean a public outbox.</summary>
    private static string[] InferTypes(RelayCheckResult result, Nip11Document? document)
    {
        var types = new List<string>();
        if (document?.SupportedNips.Contains(50) == true)
        {
            types.Add("Search");
        }

        if (result.Status == RelayStatus.Online && result.RttWriteMs is not null && result.Requirements.Auth != true &&
            result.Requirements.Payment != true && document?.PaymentRequired != true)
        {
            types.Add("PublicOutbox");
        }

        return [.. types];
    }

    /// <summary>ISO-639-1 from an IETF language tag ("en-US" gives "en"); "*" and longer codes are dropped.</summary>
    private static string? PrimaryLanguage(string tag)
    {
        var primary = tag.Split('-', 2)[0].ToLowerInvariant();
        return primary.Length == 2 && primary.All(char.IsAsciiLetterLower) ? primary : null;
    }
}
