using System.Text;
using Nip66.Contracts;
using Nip66.Nostr;

namespace Nip66.Persistence.Tests;

/// <summary>Builds check results for the tests.</summary>
public static class Checks
{
    /// <summary>A base time with a non-UTC offset and sub-microsecond ticks (PostgreSQL keeps microseconds).</summary>
    public static readonly DateTimeOffset T0 = new DateTimeOffset(2026, 6, 1, 14, 0, 0, TimeSpan.FromHours(2)).AddTicks(1_234_567);

    public static RelayChecked Result(
        Guid cycleId, int index, string url, RelayStatus status, DateTimeOffset finishedAt,
        FailureClass? failure = null, CheckType failedCheck = CheckType.Open, string? nip11Json = null)
    {
        var opened = status != RelayStatus.Offline;
        return new RelayChecked
        {
            CycleId = cycleId,
            Index = index,
            Result = new RelayCheckResult
            {
                Url = url,
                Network = RelayNetwork.Clearnet,
                Status = status,
                RttOpenMs = opened ? 100 + index : null,
                RttReadMs = status == RelayStatus.Online ? 50 + index : null,
                RttWriteMs = null,
                Failure = failure is { } f ? new CheckFailure(failedCheck, f, $"{f} at {url}") : null,
                Checks =
                [
                    new CheckOutcome(CheckType.Open, opened, opened ? 100 + index : null, opened ? null : failure, null),
                    new CheckOutcome(CheckType.Read, status == RelayStatus.Online, status == RelayStatus.Online ? 50 + index : null,
                        status == RelayStatus.Degraded ? failure : null, null),
                ],
                SpokeNostr = opened,
                Nip11 = nip11Json is null ? null : Nip11Document.Parse(Encoding.UTF8.GetBytes(nip11Json)),
                StartedAt = finishedAt.AddSeconds(-2),
                FinishedAt = finishedAt,
            },
        };
    }

    /// <summary>The same result with one more failed probe (a refusal or a timeout seen after the relay opened).</summary>
    public static RelayChecked WithOutcome(RelayChecked message, CheckType check, FailureClass failure) => message with
    {
        Result = message.Result with
        {
            Checks = [.. message.Result.Checks, new CheckOutcome(check, false, null, failure, $"{failure.Name()}: from the test")],
        },
    };

    /// <summary>Equal at the microsecond (what PostgreSQL keeps).</summary>
    public static void SameInstant(DateTimeOffset expected, DateTimeOffset? actual)
    {
        Assert.NotNull(actual);
        Assert.True(
            Math.Abs(expected.UtcTicks - actual.Value.UtcTicks) < 10,
            $"Expected {expected:O}, got {actual:O}");
    }
}
