using Microsoft.Extensions.Logging;
using Nip66.Contracts;

namespace Nip66.Checker;

internal static partial class CheckerLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Checked {RelayUrl} for cycle {CycleId}: {Status} {FailureClass}")]
    public static partial void Checked(ILogger logger, string relayUrl, Guid cycleId, RelayStatus status, FailureClass? failureClass);

    [LoggerMessage(Level = LogLevel.Error, Message = "Checking {RelayUrl} for cycle {CycleId} failed inside the monitor; stored as an internal failure")]
    public static partial void CheckFailed(ILogger logger, Exception exception, string relayUrl, Guid cycleId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Not checking {RelayUrl} for cycle {CycleId}: its operator opted out (OptOut)")]
    public static partial void OptedOut(ILogger logger, string relayUrl, Guid cycleId);
}
