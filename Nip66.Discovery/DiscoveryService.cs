using System.Diagnostics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Nip66.Contracts;
using Nip66.Nostr;
using Nip66.Persistence.ReadSide;

namespace Nip66.Discovery;

/// <summary>
/// Reads the network for relays: a round at start and then every <see cref="DiscoveryOptions.Interval"/>, each
/// <see cref="DiscoverySource"/> on each discovery relay in turn (<see cref="DiscoveryOptions.Relays"/>, or the publish
/// relays). The monitor's own events are skipped: its public key is the signer of its newest stored event (the scheduler
/// does not load the key). A read that fails is logged and costs no other read its round. Every wait takes the stopping
/// token, so a stop ends a round within a page's timeout at most.
/// </summary>
public sealed partial class DiscoveryService(
    IEnumerable<DiscoverySource> sources,
    DiscoveryReading reading,
    DiscoveryRelays relays,
    DeliveryQueries deliveries,
    DiscoveryOptions options,
    TimeProvider time,
    ILogger<DiscoveryService> logger) : BackgroundService
{
    private readonly DiscoverySource[] sources = [.. sources];

    /// <summary>Every source on every discovery relay, once.</summary>
    public async Task<DiscoveryRound> RunRoundAsync(CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var ownPubKey = await deliveries.NewestSignerAsync(cancellationToken).ConfigureAwait(false);
        var done = new List<SourceRound>();
        var failed = 0;
        foreach (var relay in relays.Urls)
        {
            foreach (var source in sources)
            {
                try
                {
                    var round = await source.ReadAsync(relay, ownPubKey, reading, cancellationToken).ConfigureAwait(false);
                    LogRead(logger, source.Name, relay.Value, round.End is { } end ? ReadEnds.Name(end) : "nothing to ask", round.EventsRead,
                        round.Recorded.Mentions, round.Recorded.NewCandidates, round.Recorded.RefusedTotal, round.Detail);
                    done.Add(round);
                }
                catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    failed++;
                    LogReadFailed(logger, e, source.Name, relay.Value);
                }
            }
        }

        var duration = Stopwatch.GetElapsedTime(started);
        DiscoveryMetrics.RoundCompleted(duration);
        return new DiscoveryRound(done, failed, duration);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RunRoundAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The database did not answer for the monitor's key: the next round tries again.
                LogRoundFailed(logger, e);
            }

            await Task.Delay(options.Interval, time, stoppingToken).ConfigureAwait(false);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Discovery {Source} on {Relay}: {End}, {Events} events, {Mentions} mentions, {New} new candidates, {Refused} refused {Detail}")]
    private static partial void LogRead(ILogger logger, string source, string relay, string end, int events, int mentions, int @new, int refused, string? detail);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Discovery {Source} on {Relay} failed; the next round reads it again")]
    private static partial void LogReadFailed(ILogger logger, Exception exception, string source, string relay);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Discovery round failed; the next one starts after the interval")]
    private static partial void LogRoundFailed(ILogger logger, Exception exception);
}
