using System.Globalization;
using Microsoft.Playwright;
using Nip66.TestSupport;
using static Microsoft.Playwright.Assertions;

namespace Nip66.Web.Tests;

/// <summary>The status page in Debian's Chromium (headless), against the monitor with two cycles of history.</summary>
[Collection(MonitorWithHistory.Name)]
public sealed class StatusPageTests(MonitorFixture fixture)
{
    [Fact]
    public async Task Page_lists_sorts_filters_and_details_relays()
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(Chromium.LaunchOptions);
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.PageError += (_, error) => errors.Add(error);
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                errors.Add($"{message.Text} ({message.Location})");
            }
        };
        page.SetDefaultTimeout(15_000);
        SetDefaultExpectTimeout(15_000);

        await page.GotoAsync(fixture.BaseAddress.ToString());
        var rows = page.Locator("#relay-table tbody tr");

        // Header: the monitor's key and frequency, the publish relay's health.
        await Expect(page.Locator("#monitor-npub")).ToHaveTextAsync(fixture.Monitor.Keys.Npub);
        await Expect(page.Locator("#monitor-frequency")).ToContainTextAsync("15 min");
        await Expect(page.Locator("#publish-relays li")).ToHaveCountAsync(1);
        await Expect(page.Locator("#publish-relays li .dot.good")).ToHaveCountAsync(1);

        // The four relays, by URL.
        await Expect(rows).ToHaveCountAsync(4);
        Assert.Equal(fixture.RelayUrls.Order(StringComparer.Ordinal), (await UrlsAsync(page)).Order(StringComparer.Ordinal));
        await Expect(page.Locator($"#relay-table tbody tr[data-url='{MonitorFixture.ClosedUrl}'] .badge")).ToHaveTextAsync("offline");

        // Sorting by open round trip: ascending, missing values (the closed port) last; then descending.
        var openHeader = page.Locator("th[data-sort='rtt-open']");
        await openHeader.ClickAsync();
        await Expect(openHeader).ToHaveAttributeAsync("aria-sort", "ascending");
        var ascending = await OpenRttsAsync(page);
        Assert.Equal(4, ascending.Count);
        Assert.Null(ascending[^1]);
        Assert.Equal(ascending.Take(3).Order(), ascending.Take(3));
        Assert.Equal(MonitorFixture.ClosedUrl, (await UrlsAsync(page))[^1]);
        await openHeader.ClickAsync();
        await Expect(openHeader).ToHaveAttributeAsync("aria-sort", "descending");
        var descending = await OpenRttsAsync(page);
        Assert.Equal(ascending.Take(3).Reverse(), descending.Take(3));

        // Sorting by URL.
        var urlHeader = page.Locator("th[data-sort='url']");
        await urlHeader.ClickAsync();

        // The rows come from the server: the header shows the order once the new page is drawn.
        await Expect(urlHeader).ToHaveAttributeAsync("aria-sort", "ascending");
        Assert.Equal((await UrlsAsync(page)).Order(StringComparer.Ordinal), await UrlsAsync(page));

        // Status filter (server side): only the closed port is offline.
        await page.Locator("#status-filter").SelectOptionAsync("offline");
        await Expect(rows).ToHaveCountAsync(1);
        await Expect(rows.First).ToHaveAttributeAsync("data-url", MonitorFixture.ClosedUrl);
        await page.Locator("#status-filter").SelectOptionAsync("");
        await Expect(rows).ToHaveCountAsync(4);

        // Text filter (server side): the healthy relay's port is in one URL only.
        var healthyPort = new Uri(fixture.HealthyUrl).Port.ToString(CultureInfo.InvariantCulture);
        await page.Locator("#filter-text").FillAsync(":" + healthyPort);
        await Expect(rows).ToHaveCountAsync(1);
        await Expect(rows.First).ToHaveAttributeAsync("data-url", fixture.HealthyUrl);
        await page.Locator("#filter-text").FillAsync("no-such-relay");
        await Expect(rows).ToHaveCountAsync(0);
        await page.Locator("#filter-text").FillAsync("");
        await Expect(rows).ToHaveCountAsync(4);

        // Detail of the healthy relay: NIP-11 fields and an RTT chart with a line through both checks.
        await page.Locator($"#relay-table tbody tr[data-url='{fixture.HealthyUrl}']").ClickAsync();
        var detail = page.Locator("#relay-detail");
        await Expect(detail).ToBeVisibleAsync();
        await Expect(detail).ToHaveAttributeAsync("data-url", fixture.HealthyUrl);
        await Expect(page.Locator("#detail-title")).ToHaveTextAsync("healthy");
        await Expect(page.Locator("#detail-description")).ToContainTextAsync("Nip66 test relay");
        await Expect(page.Locator("#detail-software")).ToContainTextAsync("nostr-relay");
        var openLine = page.Locator("#relay-detail svg.rtt-chart path.rtt-open");
        await Expect(openLine).ToHaveCountAsync(1);
        await Expect(openLine).ToHaveAttributeAsync("data-points", "2");
        var d = await openLine.GetAttributeAsync("d");
        Assert.Matches(@"^M[\d.]+,[\d.]+ L[\d.]+,[\d.]+$", d);
        await Expect(page.Locator("#relay-detail svg.uptime-bar rect.online")).ToHaveCountAsync(2);

        // Cycle history.
        await Expect(page.Locator("#cycle-table tbody tr")).ToHaveCountAsync(2);
        await Expect(page.Locator("#cycle-table tbody tr[data-on-time='true']")).ToHaveCountAsync(2);

        if (Environment.GetEnvironmentVariable("NIP66_SCREENSHOT") == "1")
        {
            var path = Path.Combine(RepoPaths.Root, "docs", "status-page.png");
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        }

        Assert.Empty(errors);
    }

    private static async Task<List<string>> UrlsAsync(IPage page) =>
        [.. (await page.Locator("#relay-table tbody tr").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.url)"))];

    private static async Task<List<int?>> OpenRttsAsync(IPage page) =>
        [.. (await page.Locator("#relay-table tbody td[data-col='rtt-open']").AllTextContentsAsync())
            .Select(text => int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var ms) ? ms : (int?)null)];
}
