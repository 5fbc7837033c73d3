using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Nip66.Persistence;

namespace Nip66.Web.Tests;

/// <summary>The read API over a monitor with two cycles of history.</summary>
[Collection(MonitorWithHistory.Name)]
public sealed class StatusApiTests(MonitorFixture fixture)
{
    [Fact]
    public async Task Relays_are_listed_with_status_rtt_and_uptime()
    {
        using var http = fixture.Monitor.CreateClient();
        using var doc = await GetJsonAsync(http, "/api/relays");
        var root = doc.RootElement;
        Assert.Equal(4, root.GetProperty("total").GetInt32());
        Assert.Equal(1, root.GetProperty("page").GetInt32());
        Assert.Equal(50, root.GetProperty("pageSize").GetInt32());
        var items = root.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(fixture.RelayUrls.Order(StringComparer.Ordinal), items.Select(i => i.GetProperty("url").GetString()!).Order(StringComparer.Ordinal));

        var healthy = items.Single(i => i.GetProperty("url").GetString() == fixture.HealthyUrl);
        Assert.Equal("online", healthy.GetProperty("status").GetString());
        Assert.Equal("clearnet", healthy.GetProperty("network").GetString());
        Assert.True(healthy.GetProperty("enabled").GetBoolean());
        Assert.True(healthy.GetProperty("rtt").GetProperty("open").GetInt32() >= 0);
        Assert.True(healthy.GetProperty("rtt").GetProperty("read").GetInt32() >= 0);
        Assert.Equal(1.0, healthy.GetProperty("uptime").GetProperty("h24").GetDouble());
        Assert.Equal(1.0, healthy.GetProperty("uptime").GetProperty("d30").GetDouble());
        Assert.True(healthy.GetProperty("rttP50").GetProperty("open").GetInt32() <= healthy.GetProperty("rttP95").GetProperty("open").GetInt32());
        Assert.NotEqual(JsonValueKind.Null, healthy.GetProperty("lastOnlineAt").ValueKind);

        var closed = items.Single(i => i.GetProperty("url").GetString() == MonitorFixture.ClosedUrl);
        Assert.Equal("offline", closed.GetProperty("status").GetString());
        Assert.Equal("refused", closed.GetProperty("failureClass").GetString());
        Assert.Equal(0.0, closed.GetProperty("uptime").GetProperty("h24").GetDouble());
        Assert.Equal(JsonValueKind.Null, closed.GetProperty("rtt").GetProperty("open").ValueKind);
        Assert.Equal(JsonValueKind.Null, closed.GetProperty("lastOnlineAt").ValueKind);
    }

    [Fact]
    public async Task Relays_are_paged_and_filtered()
    {
        using var http = fixture.Monitor.CreateClient();
        using (var offline = await GetJsonAsync(http, "/api/relays?status=offline"))
        {
            Assert.Equal(1, offline.RootElement.GetProperty("total").GetInt32());
            Assert.Equal(MonitorFixture.ClosedUrl, offline.RootElement.GetProperty("items")[0].GetProperty("url").GetString());
        }

        using (var tor = await GetJsonAsync(http, "/api/relays?network=tor"))
        {
            Assert.Equal(0, tor.RootElement.GetProperty("total").GetInt32());
        }

        using (var clearnet = await GetJsonAsync(http, "/api/relays?network=clearnet&status=online"))
        {
            Assert.All(clearnet.RootElement.GetProperty("items").EnumerateArray(), i => Assert.Equal("online", i.GetProperty("status").GetString()));
            Assert.Contains(fixture.HealthyUrl, clearnet.RootElement.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("url").GetString()));
        }

        var seen = new List<string>();
        for (var page = 1; page <= 3; page++)
        {
            using var doc = await GetJsonAsync(http, $"/api/relays?page={page}&pageSize=3");
            Assert.Equal(4, doc.RootElement.GetProperty("total").GetInt32());
            Assert.Equal(3, doc.RootElement.GetProperty("pageSize").GetInt32());
            seen.AddRange(doc.RootElement.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("url").GetString()!));
        }

        Assert.Equal(4, seen.Count);
        Assert.Equal(4, seen.Distinct().Count());

        foreach (var bad in new[] { "status=sleepy", "network=moon", "page=0", "pageSize=100000", "sort=uptime-30d", "dir=up" })
        {
            using var response = await http.GetAsync(new Uri($"/api/relays?{bad}", UriKind.Relative));
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.False(string.IsNullOrEmpty((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString()));
        }
    }

    [Fact]
    public async Task A_relay_comes_with_its_nip11_document_and_history()
    {
        using var http = fixture.Monitor.CreateClient();
        // Not normalized on purpose (upper-case scheme, no trailing slash): the API normalizes it.
        var asGiven = fixture.HealthyUrl.TrimEnd('/').Replace("ws://", "WS://", StringComparison.Ordinal);
        using var doc = await GetJsonAsync(http, "/api/relays/" + Uri.EscapeDataString(asGiven));
        var relay = doc.RootElement;
        Assert.Equal(fixture.HealthyUrl, relay.GetProperty("url").GetString());
        Assert.Equal("healthy", relay.GetProperty("nip11").GetProperty("name").GetString());
        Assert.Contains("nostr-relay", relay.GetProperty("nip11").GetProperty("software").GetString(), StringComparison.Ordinal);
        var history = relay.GetProperty("history").EnumerateArray().ToList();
        Assert.Equal(2, history.Count);
        Assert.All(history, h => Assert.Equal("online", h.GetProperty("status").GetString()));
        Assert.All(history, h => Assert.True(h.GetProperty("rtt").GetProperty("open").GetInt32() >= 0));
        Assert.True(history[0].GetProperty("at").GetDateTimeOffset() <= history[1].GetProperty("at").GetDateTimeOffset());

        using var closed = await GetJsonAsync(http, "/api/relays/" + Uri.EscapeDataString(MonitorFixture.ClosedUrl));
        Assert.Equal(JsonValueKind.Null, closed.RootElement.GetProperty("nip11").ValueKind);
        Assert.All(closed.RootElement.GetProperty("history").EnumerateArray(), h => Assert.Equal("refused", h.GetProperty("failureClass").GetString()));
    }

    [Fact]
    public async Task An_unknown_relay_is_404_and_a_bad_url_400()
    {
        using var http = fixture.Monitor.CreateClient();
        using var unknown = await http.GetAsync(new Uri("/api/relays/" + Uri.EscapeDataString("wss://unknown.example.com/"), UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Contains("unknown relay", (await unknown.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString(), StringComparison.Ordinal);

        using var bad = await http.GetAsync(new Uri("/api/relays/" + Uri.EscapeDataString("https://not-a-relay.example/"), UriKind.Relative));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    [Fact]
    public async Task Cycles_are_listed_newest_first()
    {
        using var http = fixture.Monitor.CreateClient();
        using var doc = await GetJsonAsync(http, "/api/cycles");
        var cycles = doc.RootElement.EnumerateArray().ToList();
        Assert.Equal(2, cycles.Count);
        Assert.All(cycles, c =>
        {
            Assert.Equal(4, c.GetProperty("expected").GetInt32());
            Assert.Equal(4, c.GetProperty("checked").GetInt32());
            Assert.Equal(1, c.GetProperty("offline").GetInt32());
            Assert.Equal(4, c.GetProperty("online").GetInt32() + c.GetProperty("degraded").GetInt32() + c.GetProperty("offline").GetInt32());
            Assert.True(c.GetProperty("durationSeconds").GetDouble() >= 0);
            Assert.True(c.GetProperty("onTime").GetBoolean());
        });
        Assert.True(cycles[0].GetProperty("startedAt").GetDateTimeOffset() >= cycles[1].GetProperty("startedAt").GetDateTimeOffset());

        using var one = await GetJsonAsync(http, "/api/cycles?limit=1");
        Assert.Equal(1, one.RootElement.GetArrayLength());
    }

    [Fact]
    public async Task Monitor_shows_its_key_frequency_and_publish_relay_health()
    {
        using var http = fixture.Monitor.CreateClient();
        using var doc = await GetJsonAsync(http, "/api/monitor");
        var monitor = doc.RootElement;
        Assert.Equal(fixture.Monitor.Keys.Npub, monitor.GetProperty("npub").GetString());
        Assert.StartsWith("npub1", monitor.GetProperty("npub").GetString(), StringComparison.Ordinal);
        Assert.Equal(fixture.Monitor.Keys.PublicKeyHex, monitor.GetProperty("pubkey").GetString());
        Assert.Equal(900, monitor.GetProperty("frequencySeconds").GetDouble());
        Assert.Contains("open", monitor.GetProperty("checks").EnumerateArray().Select(c => c.GetString()));
        var publish = Assert.Single(monitor.GetProperty("publishRelays").EnumerateArray());
        Assert.Equal(fixture.HealthyUrl, publish.GetProperty("url").GetString());
        Assert.True(publish.GetProperty("accepted").GetInt32() > 0, publish.ToString());
        Assert.Equal(0, publish.GetProperty("failed").GetInt32());
        Assert.NotEqual(JsonValueKind.Null, publish.GetProperty("lastAt").ValueKind);
    }

    internal static async Task<JsonDocument> GetJsonAsync(HttpClient http, string path)
    {
        using var response = await http.GetAsync(new Uri(path, UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {body}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(body);
    }
}

/// <summary>The write endpoints, on monitors of their own so that the relays they add stay out of the other tests.</summary>
public sealed class WriteApiTests
{
    [Fact]
    public async Task Adding_an_opted_out_relay_is_refused_and_adds_nothing()
    {
        await using var monitor = await RunningMonitor.StartAsync(MonitorFixture.Token, optOut: "private.example.com");
        using var http = monitor.CreateClient();

        using (var add = Post("/api/relays", new { urls = new[] { "wss://open.example.com", "wss://relay.private.example.com" } }, MonitorFixture.Token))
        using (var response = await http.SendAsync(add))
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal(
                "'wss://relay.private.example.com/' is not monitored: its operator opted out (OptOut)",
                (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
        }

        using var listed = await StatusApiTests.GetJsonAsync(http, "/api/relays");
        Assert.Equal(0, listed.RootElement.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Writes_need_the_bearer_token()
    {
        await using var monitor = await RunningMonitor.StartAsync(MonitorFixture.Token);
        using var http = monitor.CreateClient();
        var url = "wss://relay.example.com/";

        using (var missing = await http.PostAsJsonAsync(new Uri("/api/relays", UriKind.Relative), new { urls = new[] { url } }))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
            Assert.Equal("Bearer", missing.Headers.WwwAuthenticate.Single().Scheme);
        }

        using (var wrong = Post("/api/relays", new { urls = new[] { url } }, "not-the-token"))
        using (var response = await http.SendAsync(wrong))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }

        using (var bad = Post("/api/relays", new { urls = new[] { url, "https://example.com/" } }, MonitorFixture.Token))
        using (var response = await http.SendAsync(bad))
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains("https://example.com/", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString(), StringComparison.Ordinal);
        }

        using (var notJson = new HttpRequestMessage(HttpMethod.Post, "/api/relays") { Content = new StringContent("{urls:", System.Text.Encoding.UTF8, "application/json") })
        {
            notJson.Headers.Authorization = new AuthenticationHeaderValue("Bearer", MonitorFixture.Token);
            using var response = await http.SendAsync(notJson);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        }

        using (var nothing = await StatusApiTests.GetJsonAsync(http, "/api/relays"))
        {
            Assert.Equal(0, nothing.RootElement.GetProperty("total").GetInt32());
        }

        using (var add = Post("/api/relays", new { urls = new[] { "WSS://Relay.Example.com", "ws://abcdefghijklmnop.onion" } }, MonitorFixture.Token))
        using (var response = await http.SendAsync(add))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var body = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(2, body.GetProperty("added").GetInt32());
        }

        using (var listed = await StatusApiTests.GetJsonAsync(http, "/api/relays"))
        {
            var items = listed.RootElement.GetProperty("items").EnumerateArray().ToList();
            Assert.Equal(2, items.Count);
            var added = items.Single(i => i.GetProperty("url").GetString() == url);
            Assert.True(added.GetProperty("enabled").GetBoolean());
            Assert.Equal(JsonValueKind.Null, added.GetProperty("status").ValueKind);
            Assert.Equal("tor", items.Single(i => i.GetProperty("url").GetString() != url).GetProperty("network").GetString());
        }

        using (var tor = await StatusApiTests.GetJsonAsync(http, "/api/relays?network=tor&status=unknown"))
        {
            Assert.Equal(1, tor.RootElement.GetProperty("total").GetInt32());
        }

        using (var disableNoToken = await http.PostAsJsonAsync(new Uri("/api/relays/disable", UriKind.Relative), new { url }))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, disableNoToken.StatusCode);
        }

        using (var disable = Post("/api/relays/disable", new { url = "wss://relay.example.com" }, MonitorFixture.Token))
        using (var response = await http.SendAsync(disable))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        using (var unknown = Post("/api/relays/disable", new { url = "wss://other.example.com/" }, MonitorFixture.Token))
        using (var response = await http.SendAsync(unknown))
        {
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }

        using var after = await StatusApiTests.GetJsonAsync(http, "/api/relays/" + Uri.EscapeDataString(url));
        Assert.False(after.RootElement.GetProperty("enabled").GetBoolean());
        Assert.Empty(after.RootElement.GetProperty("history").EnumerateArray());
    }

    [Fact]
    public async Task Without_a_configured_token_writes_are_forbidden()
    {
        await using var monitor = await RunningMonitor.StartAsync(token: null);
        using var http = monitor.CreateClient();
        using var request = Post("/api/relays", new { urls = new[] { "wss://relay.example.com/" } }, "anything");
        using var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("read-only: set Api:Token", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());

        using var monitorInfo = await StatusApiTests.GetJsonAsync(http, "/api/monitor");
        Assert.True(monitorInfo.RootElement.GetProperty("readOnly").GetBoolean());
        Assert.Empty(monitorInfo.RootElement.GetProperty("publishRelays").EnumerateArray());
    }

    [Fact]
    public async Task Internal_hosts_are_refused_unless_the_body_says_allowPrivate()
    {
        await using var monitor = await RunningMonitor.StartAsync(MonitorFixture.Token);
        using var http = monitor.CreateClient();
        string[] urls = ["wss://public.example.com", "ws://127.0.0.1:7000", "ws://10.0.0.5/", "ws://169.254.169.254/", "ws://localhost/", "ws://redis:6379/"];

        foreach (object body in new object[] { new { urls }, new { urls, allowPrivate = false } })
        {
            using var add = Post("/api/relays", body, MonitorFixture.Token);
            using var response = await http.SendAsync(add);
            var error = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString()!;

            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.StartsWith("not public, nothing added (send \"allowPrivate\": true", error, StringComparison.Ordinal);
            Assert.Contains("'ws://127.0.0.1:7000/': 127.0.0.1 is a loopback address", error, StringComparison.Ordinal);
            Assert.Contains("'ws://10.0.0.5/': 10.0.0.5 is a private (RFC 1918) address", error, StringComparison.Ordinal);
            Assert.Contains("'ws://169.254.169.254/': 169.254.169.254 is a link-local address", error, StringComparison.Ordinal);
            Assert.Contains("'ws://localhost/': localhost names this machine", error, StringComparison.Ordinal);
            Assert.Contains("'ws://redis:6379/': redis is a single-label name", error, StringComparison.Ordinal);
            Assert.DoesNotContain("public.example.com", error, StringComparison.Ordinal);
        }

        Assert.Empty(await TrustAsync(monitor));

        using (var guarded = Post("/api/relays", new { urls = new[] { "wss://public.example.com" } }, MonitorFixture.Token))
        using (var response = await http.SendAsync(guarded))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.Equal(new Dictionary<string, bool> { ["wss://public.example.com/"] = false }, await TrustAsync(monitor));

        // The explicit field raises the trust of the relay already added guarded, with the others.
        using (var trusted = Post("/api/relays", new { urls, allowPrivate = true }, MonitorFixture.Token))
        using (var response = await http.SendAsync(trusted))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(5, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("added").GetInt32());
        }

        var trust = await TrustAsync(monitor);
        Assert.Equal(6, trust.Count);
        Assert.All(trust.Values, Assert.True);
    }

    /// <summary>Whether each registered relay may point at private addresses, as the scheduler reads it.</summary>
    private static async Task<Dictionary<string, bool>> TrustAsync(RunningMonitor monitor) =>
        (await monitor.Services.GetRequiredService<RelaySchedule>().GetDueAsync(DateTimeOffset.UtcNow.AddYears(1))).ToDictionary(d => d.Url, d => d.AllowPrivateAddresses);

    private static HttpRequestMessage Post(string path, object body, string token)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return request;
    }
}
