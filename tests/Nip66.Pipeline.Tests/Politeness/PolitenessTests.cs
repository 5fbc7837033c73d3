using System.Net;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Nip66.Contracts;
using Nip66.Host;
using Nip66.Host.Configuration;
using Nip66.Nostr;
using Nip66.Persistence;
using Nip66.Pipeline.Tests.EndToEnd;
using Nip66.TestSupport;

namespace Nip66.Pipeline.Tests.Politeness;

/// <summary>
/// What relay hosts feel from one cycle of the embedded pipeline: one connection per host at a time however many
/// relays share it, other hosts served meanwhile, and opted-out relays never contacted, neither by the scheduler nor
/// by a checker that receives a command for one.
/// </summary>
public sealed class PolitenessTests : IAsyncLifetime
{
    private const int RelaysPerHost = 8;
    private static readonly TimeSpan Hold = TimeSpan.FromMilliseconds(100);
    private readonly string dataDirectory = Directory.CreateTempSubdirectory("nip66-polite-").FullName;
    private RecordingServer hostA = null!;
    private RecordingServer hostB = null!;
    private RecordingServer optedOut = null!;

    public Task InitializeAsync()
    {
        hostA = RecordingServer.Start(IPAddress.Parse("127.0.0.1"), Hold);
        hostB = RecordingServer.Start(IPAddress.Parse("127.0.0.2"), Hold);
        optedOut = RecordingServer.Start(IPAddress.Parse("127.0.0.3"), Hold);
        // Proves the checker runs hosts side by side: A's first check waits until B is being checked too.
        hostA.HoldFirstUntil(hostB.FirstConnection);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await hostA.DisposeAsync();
        await hostB.DisposeAsync();
        await optedOut.DisposeAsync();
        Directory.Delete(dataDirectory, recursive: true);
    }

    [Fact]
    public async Task One_connection_per_host_and_opted_out_relays_are_never_contacted()
    {
        var keys = NostrKeys.Generate();
        var settings = MonitorSettings.Load(PipelineScenario.Configuration(dataDirectory, keys, string.Empty, new Dictionary<string, string?>
        {
            // One probe, so one connection per check: the NIP-11 request would otherwise run beside the WebSocket.
            ["Checks"] = "open",
            ["Checker:Concurrency"] = "50",
            ["OptOut"] = $"{optedOut.Address}",
        }));
        using var host = MonitorHost.Build(settings, keys, runCycles: false, LogLevel.Warning, urls: "http://127.0.0.1:0");
        await MonitorHost.PrepareAsync(host, settings, CancellationToken.None);
        var shared = Enumerable.Range(0, RelaysPerHost).SelectMany(i => new[] { $"{hostA.BaseUrl}/r{i}", $"{hostB.BaseUrl}/r{i}" });
        var optedOutUrl = RelayUrl.Parse($"{optedOut.BaseUrl}/").Value;
        // Registered before its operator opted out: the registry still lists it.
        await host.Services.GetRequiredService<IRelayRegistry>().AddAsync([.. shared.Select(u => RelayUrl.Parse(u).Value), optedOutUrl], allowPrivateAddresses: true);
        await host.StartAsync();
        try
        {
            var completed = await OneCycle.RunAsync(host.Services, settings, TimeSpan.FromSeconds(30)).WaitAsync(TimeSpan.FromMinutes(2));

            Assert.Equal((2 * RelaysPerHost, 2 * RelaysPerHost, 2 * RelaysPerHost, false), (completed.Expected, completed.Checked, completed.Offline, completed.TimedOut));
            Assert.Equal((RelaysPerHost, 1), (hostA.Connections, hostA.PeakConcurrent));
            Assert.Equal((RelaysPerHost, 1), (hostB.Connections, hostB.PeakConcurrent));
            Assert.True(hostA.FirstOverlappedTheOther, "host B was never checked while host A was");
            Assert.All(hostA.Requests.Concat(hostB.Requests), r => Assert.True(r.IsWebSocketUpgrade, r.RequestLine));

            // A command that reaches a checker anyway is consumed without a connection or a result.
            var bus = host.Services.GetRequiredService<IBus>();
            var consumed = new CheckRelayObserver(optedOutUrl);
            using var consumeHandle = bus.ConnectConsumeMessageObserver(consumed);
            using var publishHandle = bus.ConnectPublishObserver(consumed);
            var endpoint = await bus.GetSendEndpoint(new Uri($"queue:{QueueNames.CheckRelay}"));
            await endpoint.Send(new CheckRelay
            {
                CycleId = Guid.NewGuid(),
                Index = 0,
                Url = optedOutUrl,
                Priority = 0,
                Checks = [CheckType.Open],
                TimeoutsMs = new Dictionary<CheckType, int>(),
            });
            await consumed.Consumed.WaitAsync(TimeSpan.FromSeconds(30));

            Assert.Equal(0, consumed.ResultsPublished);
            Assert.Equal(0, optedOut.Connections);
        }
        finally
        {
            await host.StopAsync();
        }
    }

    /// <summary>Sees the checker consume a command for one URL and counts results published for it.</summary>
    private sealed class CheckRelayObserver(string url) : IConsumeMessageObserver<CheckRelay>, IPublishObserver
    {
        private readonly TaskCompletionSource consumed = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int resultsPublished;

        public Task Consumed => consumed.Task;

        public int ResultsPublished => Volatile.Read(ref resultsPublished);

        public Task PreConsume(ConsumeContext<CheckRelay> context) => Task.CompletedTask;

        public Task PostConsume(ConsumeContext<CheckRelay> context)
        {
            if (context.Message.Url == url)
            {
                consumed.TrySetResult();
            }

            return Task.CompletedTask;
        }

        public Task ConsumeFault(ConsumeContext<CheckRelay> context, Exception exception)
        {
            consumed.TrySetException(exception);
            return Task.CompletedTask;
        }

        public Task PrePublish<T>(PublishContext<T> context)
            where T : class
        {
            if (context.Message is RelayChecked checkedRelay && checkedRelay.Result.Url == url)
            {
                Interlocked.Increment(ref resultsPublished);
            }

            return Task.CompletedTask;
        }

        public Task PostPublish<T>(PublishContext<T> context)
            where T : class => Task.CompletedTask;

        public Task PublishFault<T>(PublishContext<T> context, Exception exception)
            where T : class => Task.CompletedTask;
    }
}
