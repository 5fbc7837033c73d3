using System.Text.Json;
using System.Text.Json.Serialization;
using Nip66.Contracts;

namespace Nip66.Persistence;

/// <summary>
/// How contract enums are written to the database and to JSON: the names of <see cref="ContractNames"/>
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
}
