using System.Text;
using Nip66.Contracts;
using Nip66.Nostr;
using Nip66.Nostr.Discovery;
using Nip66.Publisher;
using Nip66.TestSupport;

namespace Nip66.Checker.Tests;

/// <summary>Absurd NIP-11 values never crash and never reach the 30166 tags.</summary>
public sealed class AbsurdNip11Tests
{
    [Fact]
    public void Wrong_types_and_absurd_numbers_are_dropped()
    {
        var doc = Parse("""
            {"name": 42, "description": ["x"], "supported_nips": {"1": 1},
             "limitation": [1, 2], "limitations": "none",
             "tags": [1, {}, "", "ok"], "language_tags": "en", "relay_countries": [[]]}
            """);

        Assert.Null(doc.Name);
        Assert.Null(doc.Description);
        Assert.Empty(doc.SupportedNips);
        Assert.Null(doc.AuthRequired);
        Assert.Equal(["ok"], doc.Tags);
        Assert.Empty(doc.LanguageTags);
        Assert.Empty(doc.RelayCountries);

        var limits = Parse("""{"limitation": {"min_pow_difficulty": -5, "auth_required": "maybe", "payment_required": 1e400}}""");
        Assert.Null(limits.MinPowDifficulty);
        Assert.Null(limits.AuthRequired);
        Assert.Null(limits.PaymentRequired);
        Assert.Null(Parse("""{"limitation": {"min_pow_difficulty": 99999999999}}""").MinPowDifficulty);
        Assert.Null(Parse("""{"limitation": {"min_pow_difficulty": "12 bits"}}""").MinPowDifficulty);
    }

    [Fact]
    public void Ten_thousand_supported_nips_are_capped_in_the_30166()
    {
        var json = "{\"supported_nips\":[" + string.Join(',', Enumerable.Range(0, 10_000)) + "]}";

        var tags = Tags(json);

        Assert.Equal(Nip66.Nostr.Discovery.RelayDiscoveryCodec.MaxSupportedNips, tags.Count(t => t[0] == "N"));
    }

    [Fact]
    public void Depth_bomb_is_an_invalid_document_not_a_crash()
    {
        var bomb = "{\"name\":" + new string('[', 100_000) + new string(']', 100_000) + "}";

        var e = Assert.Throws<FormatException>(() => Parse(bomb));

        Assert.Contains("not JSON", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_one_megabyte_name_reaches_no_tag()
    {
        var json = "{\"name\":\"" + new string('n', 1 << 20) + "\",\"tags\":[\"" + new string('t', 5000) + "\",\"fine\"],\"supported_nips\":[1]}";

        var tags = Tags(json);

        Assert.All(tags, t => Assert.All(t, v => Assert.True(v.Length <= 256, $"tag value of {v.Length} chars")));
        Assert.Contains(tags, t => t is ["t", "fine"]);
    }

    private static Nip11Document Parse(string json) => Nip11Document.Parse(Encoding.UTF8.GetBytes(json));

    private static IReadOnlyList<IReadOnlyList<string>> Tags(string nip11Json)
    {
        var result = new RelayCheckResult
        {
            Url = "wss://relay.example.com/",
            Network = RelayNetwork.Clearnet,
            Status = RelayStatus.Online,
            SpokeNostr = true,
            Nip11 = Parse(nip11Json),
            StartedAt = DateTimeOffset.UnixEpoch,
            FinishedAt = DateTimeOffset.UnixEpoch,
        };
        return RelayDiscoveryCodec.ToEvent(DiscoveryEventFactory.Build(result, 1_700_000_000)).Tags;
    }
}

/// <summary>Every hostile behaviour, one after another, leaves no task exception unobserved.</summary>
public sealed class UnobservedExceptionTests
{
    [Fact]
    public async Task Hostile_behaviours_leave_no_unobserved_task_exception()
    {
        var unobserved = new List<string>();
        void Record(object? sender, UnobservedTaskExceptionEventArgs e)
        {
            lock (unobserved)
            {
                unobserved.Add(e.Exception.ToString());
            }
        }

        TaskScheduler.UnobservedTaskException += Record;
        try
        {
            await using (var hostile = await HostileRelay.StartAsync())
            await using (var edge = await EdgeRelay.StartAsync())
            await using (var away = await EdgeRelay.StartAsync(address: "127.0.0.2"))
            {
                edge.RedirectTarget = away.Url("plain");
                var options = new ProbeOptions().WithTimeout(TimeSpan.FromMilliseconds(800));
                var guarded = options with { Client = new RelayClientOptions { AllowPrivateAddresses = false } };
                string[] hostileBehaviours = ["hang", "endless-frame", "invalid-json", "wrong-ok", "bad-signature", "huge-nip11"];
                string[] edgeBehaviours = ["huge-frame", "foreign-sub", "endless-nip11", "redirect-away", "redirect-same", "slow-open"];
                foreach (var url in hostileBehaviours.Select(hostile.Url).Concat(edgeBehaviours.Select(edge.Url)))
                {
                    await HostileInputTests.CheckAsync(url, options);
                    await HostileInputTests.CheckAsync(url, guarded);
                }

                await HostileInputTests.CheckAsync("ws://127.0.0.1:1/closed", options);
                using var cancelled = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));
                using var checker = new RelayChecker(NostrKeys.Generate(), options);
                await Assert.ThrowsAnyAsync<OperationCanceledException>(() => checker.CheckAsync(RelayUrl.Parse(hostile.Url("hang")), cancelled.Token));
            }

            for (var i = 0; i < 2; i++)
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
            }
        }
        finally
        {
            TaskScheduler.UnobservedTaskException -= Record;
        }

        Assert.True(unobserved.Count == 0, string.Join(Environment.NewLine, unobserved));
    }
}
