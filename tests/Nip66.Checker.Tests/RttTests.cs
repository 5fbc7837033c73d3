using System.Diagnostics;
using Nip66.Contracts;
using Nip66.Nostr;
using Nip66.TestSupport;

namespace Nip66.Checker.Tests;

/// <summary>
/// Each RTT measures the relay's answer alone: not the other probe's wait on a relay that works in order, not a
/// per-address slot wait. Upper bounds are loose (1.6 times the injected delay) so a loaded CI machine cannot fail
/// them, yet tight enough that a doubled wait always does.
/// </summary>
public sealed class RttTests(HostileRelayFixture fixture) : IClassFixture<HostileRelayFixture>
{
    private const int Delay = 150;

    // A relay's Task.Delay runs on a coarser clock than Stopwatch and may end a few milliseconds early.
    private const int RelayTimerSlack = 5;

    private static readonly ProbeOptions ReadAndWrite = new ProbeOptions().WithTimeout(TimeSpan.FromSeconds(10)) with
    {
        Checks = new HashSet<CheckType> { CheckType.Open, CheckType.Read, CheckType.Write },
    };

    [Fact]
    public async Task Write_on_a_relay_answering_in_order_measures_one_delay_not_two()
    {
        using var checker = new RelayChecker(NostrKeys.Generate(), ReadAndWrite);
        await WarmUpAsync(checker, fixture.Relay.Url("plain"));

        var result = await checker.CheckAsync(RelayUrl.Parse(fixture.Relay.Url($"latency-{Delay}-in-order")), CancellationToken.None);

        Assert.Equal(RelayStatus.Online, result.Status);
        Assert.InRange(result.RttReadMs!.Value, Delay - RelayTimerSlack, (int)(Delay * 1.6) - 1);
        Assert.InRange(result.RttWriteMs!.Value, Delay - RelayTimerSlack, (int)(Delay * 1.6) - 1);
    }

    [Fact]
    public async Task Read_and_write_do_not_overlap_on_the_wire()
    {
        const string path = "latency-50-wire-order";
        using var checker = new RelayChecker(NostrKeys.Generate(), ReadAndWrite);

        var result = await checker.CheckAsync(RelayUrl.Parse(fixture.Relay.Url(path)), CancellationToken.None);

        Assert.Equal(RelayStatus.Online, result.Status);
        await Eventually.TrueAsync(() => fixture.Relay.WireLog(path).Count >= 4, "the relay to log the write's answer", timeoutSeconds: 10);
        Assert.Equal(["in REQ", "answered REQ", "in EVENT", "answered EVENT"], fixture.Relay.WireLog(path).Take(4));
    }

    [Fact]
    public async Task A_wait_for_a_per_address_slot_is_outside_rtt_open_and_the_open_timeout()
    {
        const int opens = 5;
        const int upgradeDelay = 300; // EdgeRelay's slow-open
        await using var relay = await EdgeRelay.StartAsync();
        var options = new ProbeOptions().WithTimeout(TimeSpan.FromSeconds(10)) with
        {
            // One open at a time: the last ends at least 1,500 ms after it began, past this deadline unless its
            // slot wait is left out; a single open has 900 ms to spare on a loaded machine.
            OpenTimeout = TimeSpan.FromMilliseconds(1200),
            Checks = new HashSet<CheckType> { CheckType.Open, CheckType.Read },
            Client = new RelayClientOptions { AddressLimiter = new AddressConnectionLimiter(1, limitLoopback: true) },
        };
        using var checker = new RelayChecker(NostrKeys.Generate(), options);
        await WarmUpAsync(checker, relay.Url("plain"));

        var started = Stopwatch.GetTimestamp();
        var results = await Task.WhenAll(Enumerable.Range(0, opens).Select(i =>
            checker.CheckAsync(RelayUrl.Parse(relay.Url($"slow-open-{i}")), CancellationToken.None)));
        var elapsed = Stopwatch.GetElapsedTime(started);

        Assert.All(results, r => Assert.Null(r.Failure));
        Assert.All(results, r => Assert.True(r.RttOpenMs >= upgradeDelay - RelayTimerSlack, $"rtt-open {r.RttOpenMs} ms"));

        // The cap makes the opens take turns, so their stopwatches, slot waits left out, fit in the wall time; with
        // the waits inside they would add up to about three times more (300 + 600 + ... + 1,500 ms).
        var total = results.Sum(r => r.RttOpenMs!.Value);
        Assert.True(total <= elapsed.TotalMilliseconds + upgradeDelay, $"rtt-open adds up to {total} ms in {elapsed.TotalMilliseconds:F0} ms");
    }

    /// <summary>The first check of a process pays for JIT and first-use set-up (cold start is measured elsewhere).</summary>
    private static async Task WarmUpAsync(RelayChecker checker, string url) =>
        Assert.Equal(RelayStatus.Online, (await checker.CheckAsync(RelayUrl.Parse(url), CancellationToken.None)).Status);
}
