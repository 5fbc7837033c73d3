using MassTransit;
using Microsoft.Extensions.Logging;
using Nip66.Contracts;
using Nip66.Nostr;

namespace Nip66.Checker;

/// <summary>
/// Checks one relay for a cycle and publishes the whole result. Every command that is not opted out yields a
/// <see cref="RelayChecked"/>, whatever the relay sent: only the bus itself or a shutdown can fail the message. A
/// candidate is checked like any relay; the result says it was one (<see cref="RelayChecked.Candidate"/>).
/// </summary>
public sealed class CheckRelayConsumer(RelayChecker checker, HostLimiter hosts, CheckLimiter checks, CheckerOptions checkerOptions, ILogger<CheckRelayConsumer> logger) : IConsumer<CheckRelay>
{
    public async Task Consume(ConsumeContext<CheckRelay> context)
    {
        var command = context.Message;
        RelayCheckResult result;
        if (!RelayUrl.TryParse(command.Url, out var url, out var error))
        {
            // A bad registry entry is a result, not a poison message: it is stored and counted like any other.
            result = Unchecked(command.Url, RelayNetwork.Clearnet, DateTimeOffset.UtcNow, FailureClass.Invalid, error);
        }
        else if (checkerOptions.OptOut.Excludes(url.Value))
        {
            // The scheduler never sends these; a command from before the opt-out is dropped unanswered, so nothing
            // about the relay is stored or published and its cycle lists it as missed.
            CheckerLog.OptedOut(logger, url.Value, command.CycleId);
            return;
        }
        else
        {
            using (await hosts.EnterAsync(url.Host, context.CancellationToken))
            using (await checks.EnterAsync(context.CancellationToken))
            {
                result = await CheckAsync(url, command, context.CancellationToken);
            }
        }

        CheckerLog.Checked(logger, result.Url, command.CycleId, result.Status, result.Failure?.Class);
        MonitorMetrics.RelayChecked(result);

        await context.Publish(new RelayChecked { CycleId = command.CycleId, Index = command.Index, Result = result, Candidate = command.Candidate });
    }

    /// <summary>
    /// The probes contain their own failures (<see cref="FailureClass.Internal"/>); this catches a bug outside them, so
    /// that it too is a result the cycle counts instead of a message retried into the error queue.
    /// </summary>
    private async Task<RelayCheckResult> CheckAsync(RelayUrl url, CheckRelay command, CancellationToken cancellationToken)
    {
        var startedAt = DateTimeOffset.UtcNow;
        try
        {
            return await checker.CheckAsync(url, ProbeOptionsFor(checker.Options, checkerOptions, command), cancellationToken);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            CheckerLog.CheckFailed(logger, e, url.Value, command.CycleId);
            return Unchecked(url.Value, url.Network, startedAt, FailureClass.Internal,
                SafeText.Clean(FailureMapping.Internal(CheckType.Open, e), CheckFailure.MaxMessageLength));
        }
    }

    /// <summary>A relay that could not be checked at all: offline, its open check failed for the given reason.</summary>
    private static RelayCheckResult Unchecked(string url, RelayNetwork network, DateTimeOffset startedAt, FailureClass failure, string message) => new()
    {
        Url = url,
        Network = network,
        Status = RelayStatus.Offline,
        Failure = new CheckFailure(CheckType.Open, failure, message),
        Checks = [new CheckOutcome(CheckType.Open, false, null, failure, message)],
        StartedAt = startedAt,
        FinishedAt = DateTimeOffset.UtcNow,
    };

    /// <summary>The cycle's timeouts and checks over the defaults, and the SSRF guard unless the relay or config allows.</summary>
    public static ProbeOptions ProbeOptionsFor(ProbeOptions options, CheckerOptions checkerOptions, CheckRelay command)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(checkerOptions);
        ArgumentNullException.ThrowIfNull(command);
        TimeSpan Timeout(CheckType check, TimeSpan fallback) =>
            command.TimeoutsMs.TryGetValue(check, out var ms) && ms > 0 ? TimeSpan.FromMilliseconds(ms) : fallback;

        return options with
        {
            OpenTimeout = Timeout(CheckType.Open, options.OpenTimeout),
            ReadTimeout = Timeout(CheckType.Read, options.ReadTimeout),
            WriteTimeout = Timeout(CheckType.Write, options.WriteTimeout),
            AuthTimeout = Timeout(CheckType.Auth, options.AuthTimeout),
            Nip11Timeout = Timeout(CheckType.Nip11, options.Nip11Timeout),
            Checks = command.Checks.Count > 0 ? command.Checks.ToHashSet() : options.Checks,
            Client = options.Client with { AllowPrivateAddresses = command.AllowPrivateAddresses || checkerOptions.AllowPrivateAddresses },
        };
    }
}
