using System.Text.Json;
using System.Text.Json.Serialization;
using Nip66.Contracts;
using Nip66.Nostr;
using Nip66.Nostr.Discovery;

namespace Nip66.Persistence;

/// <summary>
/// How contract enums (and the Nostr layer's relay network) are written to the database and to JSON: the names of <see cref="ContractNames"/>
/// (<c>online</c>, <c>http-status</c>, <c>auth-required</c>, <c>nip11</c>).
/// </summary>
public static class PersistenceNames
{
    /// <summary>The JSON options of every JSON column and of the status store.</summary>
    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { ContractNames.JsonConverter() },
    };

    public static string Status(RelayStatus status) => status.Name();

    public static string FailureClass(FailureClass failureClass) => failureClass.Name();

    public static string Check(CheckType check) => check.Name();

    public static string Outcome(DeliveryOutcome outcome) => outcome.Name();

    /// <summary>A relay's network as <c>relays.network</c> holds it: the spelling of the 30166 <c>n</c> tag.</summary>
    public static string Network(RelayNetwork network) => RelayDiscoveryCodec.NetworkName(network);

    /// <summary>A relay's origin as the API and the command line name it: <c>operator</c> or <c>discovered</c>.</summary>
    public static string Origin(RelayOrigin origin) => origin.ToString().ToLowerInvariant();

    /// <summary>A stored network name back as the enum; clearnet for a name this version does not know.</summary>
    public static RelayNetwork ParseNetwork(string name) =>
        Enum.GetValues<RelayNetwork>().FirstOrDefault(n => Network(n) == name, RelayNetwork.Clearnet);

    /// <summary>The network of a relay URL, by its host (clearnet for a URL that does not parse).</summary>
    public static string NetworkOf(string url) => Network(RelayUrl.TryParse(url, out var parsed, out _) ? parsed.Network : RelayNetwork.Clearnet);
}
