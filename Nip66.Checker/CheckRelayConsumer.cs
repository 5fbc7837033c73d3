using MassTransit;
using Microsoft.Extensions.Logging;
using Nip66.Contracts;
using Nip66.Nostr;
using Nip66.Nostr.Discovery;

namespace Nip66.Checker;

/// <summary>
/// Checks one relay for a cycle and publishes the whole result. Every command that is not opted out yields a
/// <see cref="RelayChecked"/>, whatever the relay sent: only the bus itself or a shutdown can fail the message.
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
            result = Unchecked(command.Url, "clearnet", DateTimeOffset.UtcNow, FailureClass.Invalid, error);
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

        await context.Publish(new RelayChecked { CycleId = command.CycleId, Index = command.Index, Result = result });
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
            return Unchecked(url.Value, RelayDiscoveryCodec.NetworkName(url.Network), startedAt, FailureClass.Internal,
                SafeText.Clean(FailureMapping.Internal(CheckType.Open, e), CheckFailure.MaxMessageLength));
        }
    }

    /// <summary>A relay that could not be checked at all: offline, its open check failed for the given reason.</summary>
    private static RelayCheckResult Unchecked(string url, string network, DateTimeOffset startedAt, FailureClass failure, string message) => new()
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

public sealed class CheckRelayConsumerDefinition : ConsumerDefinition<CheckRelayConsumer>
{
    /// <summary>Commands taken per check slot, so that checks of free hosts go on while others wait for theirs.</summary>
    public const int WaitingPerSlot = 4;

    public CheckRelayConsumerDefinition(CheckerOptions options)
    {
        EndpointName = QueueNames.CheckRelay;
        ConcurrentMessageLimit = options.Concurrency * WaitingPerSlot;
    }

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<CheckRelayConsumer> consumerConfigurator, IRegistrationContext context)
    {
        if (endpointConfigurator is IRabbitMqReceiveEndpointConfigurator rabbit)
        {
            rabbit.EnablePriority(QueueNames.CheckRelayMaxPriority);
        }

        // What is left to fail is infrastructure (publishing the result): retry twice, then the error queue. A check
        // never throws for what a relay sent (FailureClass.Internal), and a shutdown's cancellation propagates, so the
        // broker redelivers the command.
        endpointConfigurator.UseMessageRetry(r => r.Intervals(500, 2000));
    }
}

public sealed record CheckerOptions
{
    public int Concurrency { get; init; } = 50;

    /// <summary>Lets discovered relays point at private addresses too, for a monitor run inside a private network.</summary>
    public bool AllowPrivateAddresses { get; init; }

    /// <summary>
    /// The checker's own scheduling delay it tolerates (<see cref="SchedulingDelay"/>): above it, fewer checks run at
    /// once (<see cref="CheckLimiter"/>), since that delay is added to every RTT measured.
    /// </summary>
    public TimeSpan SchedulingDelayBound { get; init; } = TimeSpan.FromMilliseconds(2);

    /// <summary>Concurrent connections per resolved IP address, WebSocket and NIP-11 together.</summary>
    public int MaxConnectionsPerAddress { get; init; } = 4;

    /// <summary>Relays this checker refuses to contact even when a command for them arrives.</summary>
    public RelayOptOut OptOut { get; init; } = RelayOptOut.None;
}

internal static partial class CheckerLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Checked {RelayUrl} for cycle {CycleId}: {Status} {FailureClass}")]
    public static partial void Checked(ILogger logger, string relayUrl, Guid cycleId, RelayStatus status, FailureClass? failureClass);

    [LoggerMessage(Level = LogLevel.Error, Message = "Checking {RelayUrl} for cycle {CycleId} failed inside the monitor; stored as an internal failure")]
    public static partial void CheckFailed(ILogger logger, Exception exception, string relayUrl, Guid cycleId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Not checking {RelayUrl} for cycle {CycleId}: its operator opted out (OptOut)")]
    public static partial void OptedOut(ILogger logger, string relayUrl, Guid cycleId);
}
