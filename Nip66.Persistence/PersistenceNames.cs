using System.Text.Json;
using System.Text.Json.Serialization;
using Nip66.Contracts;

namespace Nip66.Persistence;

/// <summary>
/// How contract enums are written to the database and to JSON: lower-case kebab names
/// (<c>online</c>, <c>http-status</c>, <c>auth-required</c>, <c>nip11</c>).
/// </summary>
public static class PersistenceNames
{
    /// <summary>The JSON options of every JSON column and of the status store.</summary>
    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
    };

    public static string Status(RelayStatus status) => status switch
    {
        RelayStatus.Online => "online",
        RelayStatus.Degraded => "degraded",
        RelayStatus.Offline => "offline",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    public static string FailureClass(FailureClass failureClass) => Kebab(failureClass.ToString());

    public static string Check(CheckType check) => Kebab(check.ToString());

    public static string Outcome(DeliveryOutcome outcome) => Kebab(outcome.ToString());

    static string Kebab(string name) => JsonNamingPolicy.KebabCaseLower.ConvertName(name);
}
