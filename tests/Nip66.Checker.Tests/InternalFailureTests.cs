using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.DependencyInjection;
using Nip66.Contracts;
using Nip66.Nostr;
using Nip66.TestSupport;

namespace Nip66.Checker.Tests;

/// <summary>A bug inside a check still yields a result (class internal) and never sends the command to the error queue.</summary>
public sealed class InternalFailureTests
{
    [Fact]
    public async Task A_probe_that_throws_fails_its_own_check_and_the_others_go_on()
    {
        await using var relay = await HostileRelay.StartAsync();
        var options = new ProbeOptions().WithTimeout(TimeSpan.FromSeconds(2));
        // A header value the WebSocket client refuses: the open probe throws an ArgumentException no relay caused.
        var broken = options with { Client = options.Client with { UserAgent = "nip66\r\nX-Injected: 1" } };
        using var checker = new RelayChecker(NostrKeys.Generate(), options);

        var result = await checker.CheckAsync(RelayUrl.Parse(relay.Url("plain")), broken, CancellationToken.None);

        Assert.Equal(RelayStatus.Offline, result.Status);
        Assert.Equal(FailureClass.Internal, result.Failure?.Class);
        Assert.Equal(CheckType.Open, result.Failure?.Check);
        Assert.StartsWith("internal error in the open check: ArgumentException: ", result.Failure!.Message, StringComparison.Ordinal);
        Assert.True(HostileInputTests.Outcome(result, CheckType.Nip11).Success);
        Assert.NotNull(result.Nip11);
    }

    [Fact]
    public async Task A_check_that_throws_outside_its_probes_is_published_as_an_internal_result_not_faulted()
    {
        await using var relay = await HostileRelay.StartAsync();
        await using var provider = new ServiceCollection()
            .AddSingleton(new CheckerOptions())
            .AddSingleton(new RelayChecker(NostrKeys.Generate(), new ProbeOptions().WithTimeout(TimeSpan.FromSeconds(2)), new BrokenClock()))
            .AddSingleton<HostLimiter>()
            .AddSingleton<SchedulingDelay>()
            .AddSingleton<CheckLimiter>()
            .AddMassTransitTestHarness(x => x.AddConsumer<CheckRelayConsumer, CheckRelayConsumerDefinition>())
            .BuildServiceProvider(true);
        var harness = provider.GetRequiredService<ITestHarness>();
        await harness.Start();
        var command = new CheckRelay
        {
            CycleId = Guid.NewGuid(),
            Index = 3,
            Url = relay.Url("plain"),
            AllowPrivateAddresses = true,
        };

        await harness.Bus.Publish(command);

        Assert.True(await harness.Published.Any<RelayChecked>(), "no RelayChecked published");
        var published = harness.Published.Select<RelayChecked>().Single().Context.Message;
        Assert.Equal((command.CycleId, 3, command.Url), (published.CycleId, published.Index, published.Result.Url));
        Assert.Equal(FailureClass.Internal, published.Result.Failure?.Class);
        Assert.Contains(nameof(InvalidOperationException), published.Result.Failure!.Message, StringComparison.Ordinal);
        Assert.False(await harness.Published.Any<Fault<CheckRelay>>(), "the command faulted");
        var consumed = harness.GetConsumerHarness<CheckRelayConsumer>().Consumed.Select<CheckRelay>().Single();
        Assert.Null(consumed.Exception);
    }

    /// <summary>A clock that fails, outside any probe: the only bug the checker cannot contain itself.</summary>
    private sealed class BrokenClock : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => throw new InvalidOperationException("the clock is broken");
    }
}
