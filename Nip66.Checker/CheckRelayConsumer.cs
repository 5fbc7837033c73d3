using MassTransit;
using Microsoft.Extensions.Logging;
using Nip66.Contracts;
using Nip66.Nostr;

namespace Nip66.Checker;

/// <summary>Checks one relay for a cycle and publishes the whole result.</summary>
public sealed class CheckRelayConsumer(RelayChecker checker, HostGate hosts, CheckSlots slots, CheckerOptions checkerOptions, ILogger<CheckRelayConsumer> logger) : IConsumer<CheckRelay>
{
    public async Task Consume(ConsumeContext<CheckRelay> context)
    {
        var command = context.Message;
        RelayCheckResult result;
        if (!RelayUrl.TryParse(command.Url, out var url, out var error))
        {
            // A bad registry entry is a result, not a poison message: it is stored and counted like any other.
            var now = DateTimeOffset.UtcNow;
            result = new RelayCheckResult
            {
                Url = command.Url,
                Network = "clearnet",
                Status = RelayStatus.Offline,
                Failure = new CheckFailure(CheckType.Open, FailureClass.Invalid, error),
                StartedAt = now,
                FinishedAt = now,
            };
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
            using (await slots.EnterAsync(context.CancellationToken))
            {
                result = await checker.CheckAsync(url, ProbeOptionsFor(checker.Options, checkerOptions, command), context.CancellationToken);
            }
        }

        CheckerLog.Checked(logger, result.Url, command.CycleId, result.Status, result.Failure?.Class);
        MonitorMetrics.RelayChecked(result);

        await context.Publish(new RelayChecked { CycleId = command.CycleId, Index = command.Index, Result = result });
    }

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
    public const string QueueName = "check-relay";

    /// <summary>Commands taken per check slot, so that checks of free hosts go on while others wait for theirs.</summary>
    public const int WaitingPerSlot = 4;

    public CheckRelayConsumerDefinition(CheckerOptions options)
    {
        EndpointName = QueueName;
        ConcurrentMessageLimit = options.Concurrency * WaitingPerSlot;
    }

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<CheckRelayConsumer> consumerConfigurator, IRegistrationContext context)
    {
        if (endpointConfigurator is IRabbitMqReceiveEndpointConfigurator rabbit)
        {
            rabbit.EnablePriority(CheckRelayPriority.Max);
        }

        // A check that throws is a bug, not a relay failure (those are results): retry twice, then the error queue.
        endpointConfigurator.UseMessageRetry(r => r.Intervals(500, 2000));
    }
}

public static class CheckRelayPriority
{
    public const byte Max = 9;
}

public sealed record CheckerOptions
{
    public int Concurrency { get; init; } = 50;

    /// <summary>Lets discovered relays point at private addresses too, for a monitor run inside a private network.</summary>
    public bool AllowPrivateAddresses { get; init; }

    /// <summary>Concurrent connections per resolved IP address, WebSocket and NIP-11 together.</summary>
    public int MaxConnectionsPerAddress { get; init; } = 4;

    /// <summary>Relays this checker refuses to contact even when a command for them arrives.</summary>
    public RelayOptOut OptOut { get; init; } = RelayOptOut.None;
}

internal static partial class CheckerLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Checked {RelayUrl} for cycle {CycleId}: {Status} {FailureClass}")]
    public static partial void Checked(ILogger logger, string relayUrl, Guid cycleId, RelayStatus status, FailureClass? failureClass);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Not checking {RelayUrl} for cycle {CycleId}: its operator opted out (OptOut)")]
    public static partial void OptedOut(ILogger logger, string relayUrl, Guid cycleId);
}
