using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Nip66.Host.Commands;
using Nip66.Persistence;
using Nip66.Persistence.ReadSide;
using static Microsoft.Playwright.Assertions;

namespace Nip66.Web.Tests;

/// <summary>
/// A discovered relay beside an operator's one, as the operator sees them: the origin filter and the provenance on the
/// API and the status page, and the ledger summary of <c>relays candidates</c>. The ledger rows are written straight
/// into the monitor's database: how discovery fills it is shown by the discovery tests.
/// </summary>
public sealed class DiscoveredRelaySurfaceTests : IAsyncLifetime
{
    const string OperatorUrl = "wss://operator.example/";
    const string DiscoveredUrl = "wss://found.example/";
    const string FirstAuthor = "a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9";
    const string FirstEvent = "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0";
    static readonly DateTimeOffset FirstSeen = new(2026, 11, 20, 8, 0, 0, TimeSpan.Zero);

    RunningMonitor monitor = null!;

    public async Task InitializeAsync()
    {
        monitor = await RunningMonitor.StartAsync(token: null);
        var registry = monitor.Services.GetRequiredService<IRelayRegistry>();
        await registry.AddAsync([OperatorUrl], allowPrivateAddresses: true);
        await registry.AddAsync([DiscoveredUrl], allowPrivateAddresses: false, origin: RelayOrigin.Discovered);
        await using var db = await monitor.Services.GetRequiredService<IDbContextFactory<MonitorDbContext>>().CreateDbContextAsync();
        db.RelayCandidates.AddRange(
            Candidate(DiscoveredUrl, CandidateState.Promoted, null, 10002, authors: 7),
            Candidate("wss://waiting.example/", CandidateState.Pending, null, 3, authors: 1),
            Candidate("wss://a.spam.example/", CandidateState.Refused, "host-limit", 10002, authors: 1),
            Candidate("wss://b.spam.example/", CandidateState.Refused, "host-limit", 30002, authors: 1),
            Candidate("ws://10.0.0.1/", CandidateState.Refused, "private-address", 10002, authors: 2),
            Candidate("wss://gone.example/", CandidateState.Retired, "never-spoke-nostr", 30166, authors: 1));
        await db.SaveChangesAsync();
    }

    public async Task DisposeAsync() => await monitor.DisposeAsync();

    [Fact]
    public async Task The_api_filters_by_origin_and_shows_where_a_discovered_relay_was_found()
    {
        using var http = monitor.CreateClient();
        using (var discovered = JsonDocument.Parse(await http.GetStringAsync(new Uri("/api/relays?origin=discovered", UriKind.Relative))))
        {
            var items = discovered.RootElement.GetProperty("items").EnumerateArray().ToList();
            Assert.Equal([DiscoveredUrl], items.Select(i => i.GetProperty("url").GetString()));
            Assert.Equal("discovered", items[0].GetProperty("origin").GetString());
        }

        using (var operatorOnes = JsonDocument.Parse(await http.GetStringAsync(new Uri("/api/relays?origin=operator", UriKind.Relative))))
        {
            Assert.Equal([OperatorUrl], operatorOnes.RootElement.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("url").GetString()));
        }

        using var bad = await http.GetAsync(new Uri("/api/relays?origin=elsewhere", UriKind.Relative));
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("origin must be one of operator, discovered", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var detail = JsonDocument.Parse(await http.GetStringAsync(new Uri($"/api/relays/{Uri.EscapeDataString(DiscoveredUrl)}", UriKind.Relative)));
        var provenance = detail.RootElement.GetProperty("provenance");
        Assert.Equal("discovered", detail.RootElement.GetProperty("origin").GetString());
        Assert.Equal(10002, provenance.GetProperty("firstSourceKind").GetInt32());
        Assert.Equal(FirstEvent, provenance.GetProperty("firstEventId").GetString());
        Assert.Equal(FirstAuthor, provenance.GetProperty("firstAuthor").GetString());
        Assert.Equal(7, provenance.GetProperty("authors").GetInt32());
        Assert.Equal(FirstSeen, provenance.GetProperty("firstSeenAt").GetDateTimeOffset());

        using var operatorDetail = JsonDocument.Parse(await http.GetStringAsync(new Uri($"/api/relays/{Uri.EscapeDataString(OperatorUrl)}", UriKind.Relative)));
        Assert.Equal("operator", operatorDetail.RootElement.GetProperty("origin").GetString());
        Assert.Equal(JsonValueKind.Null, operatorDetail.RootElement.GetProperty("provenance").ValueKind);
    }

    [Fact]
    public async Task The_candidates_summary_counts_states_by_source_and_names_the_top_reasons()
    {
        var summary = await monitor.Services.GetRequiredService<CandidateQueries>().SummarizeAsync();
        Assert.Equal((1, 3, 1, 1), (summary.Count(CandidateState.Pending), summary.Count(CandidateState.Refused), summary.Count(CandidateState.Promoted), summary.Count(CandidateState.Retired)));
        Assert.Equal([new ReasonCount("host-limit", 2), new ReasonCount("private-address", 1)], summary.TopRefusals);
        Assert.Equal([new ReasonCount("never-spoke-nostr", 1)], summary.TopRetirements);

        using var output = new StringWriter();
        await CandidateReport.WriteAsync(summary, output);
        var lines = output.ToString().Split('\n', StringSplitOptions.TrimEntries);
        Assert.Equal("candidates: 1 pending, 3 refused, 1 promoted, 1 retired", lines[0]);
        Assert.Contains(lines, l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries) is ["kind", "10002", "0", "2", "1", "0"]);
        Assert.Contains(lines, l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries) is ["2", "host-limit"]);
        Assert.Contains(lines, l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries) is ["1", "never-spoke-nostr"]);
    }

    [Fact]
    public async Task The_status_page_marks_a_discovered_relay_and_shows_its_provenance()
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(Chromium.LaunchOptions);
        var page = await browser.NewPageAsync();
        page.SetDefaultTimeout(15_000);
        SetDefaultExpectTimeout(15_000);
        await page.GotoAsync(monitor.BaseAddress.ToString());
        var rows = page.Locator("#relay-table tbody tr");
        await Expect(rows).ToHaveCountAsync(2);
        await Expect(page.Locator($"#relay-table tbody tr[data-url='{DiscoveredUrl}']")).ToHaveAttributeAsync("data-origin", "discovered");

        await page.Locator("#origin-filter").SelectOptionAsync("discovered");
        await Expect(rows).ToHaveCountAsync(1);
        await rows.First.ClickAsync();
        await Expect(page.Locator("#detail-origin")).ToContainTextAsync("discovered: first seen");
        await Expect(page.Locator("#detail-origin")).ToContainTextAsync("kind 10002 event (0f1e2d3c4b5a…) by a1b2c3d4e5f6…, mentioned by 7 authors");
    }

    static RelayCandidate Candidate(string url, CandidateState state, string? reason, int kind, int authors) => new()
    {
        Url = url,
        Host = new Uri(url).Host,
        State = state,
        Reason = reason,
        FirstSourceKind = kind,
        FirstEventId = FirstEvent,
        FirstAuthor = FirstAuthor,
        FirstSeenAt = FirstSeen,
        LastSeenAt = FirstSeen.AddDays(3),
        Authors = authors,
        PromotedAt = state == CandidateState.Promoted ? FirstSeen.AddHours(1) : null,
    };
}
