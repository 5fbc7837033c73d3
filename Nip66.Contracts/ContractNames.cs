using System.Text.Json;
using System.Text.Json.Serialization;

namespace Nip66.Contracts;

/// <summary>
/// The one spelling of contract enums outside .NET: lower-case kebab names (<c>online</c>, <c>http-status</c>,
/// <c>auth-required</c>, <c>nip11</c>) in JSON output, logs, metrics and the database.
/// </summary>
public static class ContractNames
{
    private static readonly JsonNamingPolicy Spelling = JsonNamingPolicy.KebabCaseLower;

    public static string Name(this RelayStatus status) => Kebab(status.ToString());

    public static string Name(this FailureClass failure) => Kebab(failure.ToString());

    public static string Name(this CheckType check) => Kebab(check.ToString());

    public static string Name(this DeliveryOutcome outcome) => Kebab(outcome.ToString());

    /// <summary>The check <paramref name="name"/> spells (<see cref="Name(CheckType)"/>), ignoring case.</summary>
    public static bool TryParseCheck(string name, out CheckType check)
    {
        foreach (var candidate in Enum.GetValues<CheckType>())
        {
            if (string.Equals(candidate.Name(), name, StringComparison.OrdinalIgnoreCase))
            {
                check = candidate;
                return true;
            }
        }

        check = default;
        return false;
    }

    /// <summary>The same spelling for JSON: every enum as its name here.</summary>
    public static JsonStringEnumConverter JsonConverter() => new(Spelling);

    private static string Kebab(string name) => Spelling.ConvertName(name);
}
