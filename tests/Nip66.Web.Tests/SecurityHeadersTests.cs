using System.Net;
using System.Text.RegularExpressions;
using Nip66.Host.Web;
using Nip66.TestSupport;

namespace Nip66.Web.Tests;

/// <summary>Every answer of the web process, page, API, errors, metrics, carries the security headers.</summary>
public sealed partial class SecurityHeadersTests
{
    private const string ExpectedPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    [Fact]
    public async Task Page_api_errors_and_metrics_carry_the_headers()
    {
        await using var monitor = await RunningMonitor.StartAsync(MonitorFixture.Token);
        using var http = monitor.CreateClient();
        (HttpMethod Method, string Path, HttpStatusCode Status)[] requests =
        [
            (HttpMethod.Get, "/", HttpStatusCode.OK),
            (HttpMethod.Get, "/app.js", HttpStatusCode.OK),
            (HttpMethod.Get, "/style.css", HttpStatusCode.OK),
            (HttpMethod.Get, "/api/relays", HttpStatusCode.OK),
            (HttpMethod.Get, "/api/monitor", HttpStatusCode.OK),
            (HttpMethod.Get, "/api/relays?status=sideways", HttpStatusCode.BadRequest),
            (HttpMethod.Get, "/api/relays/" + Uri.EscapeDataString("wss://unknown.example.com/"), HttpStatusCode.NotFound),
            (HttpMethod.Post, "/api/relays", HttpStatusCode.Unauthorized),
            (HttpMethod.Get, "/metrics", HttpStatusCode.OK),
            (HttpMethod.Get, "/health/live", HttpStatusCode.OK),
        ];

        foreach (var (method, path, status) in requests)
        {
            using var request = new HttpRequestMessage(method, path);
            using var response = await http.SendAsync(request);
            Assert.True(response.StatusCode == status, $"{method} {path}: {response.StatusCode}");
            Assert.Equal(ExpectedPolicy, Header(response, "Content-Security-Policy"));
            Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
            Assert.Equal("DENY", Header(response, "X-Frame-Options"));
            Assert.Equal("no-referrer", Header(response, "Referrer-Policy"));
        }
    }

    /// <summary>
    /// The policy allows what the page loads and nothing else: its scripts and styles are files of its own origin (no
    /// inline code, no style attributes, nothing from elsewhere), images only the data: favicon. The page test in a
    /// real browser (StatusPageTests) fails on any policy violation, which Chromium reports as a console error.
    /// </summary>
    [Fact]
    public void The_policy_fits_the_static_files()
    {
        Assert.Equal(ExpectedPolicy, SecurityHeaders.ContentSecurityPolicy);
        var wwwroot = Path.Combine(RepoPaths.Root, "Nip66.Host", "wwwroot");
        var html = File.ReadAllText(Path.Combine(wwwroot, "index.html"));
        Assert.Equal(["data:,", "style.css"], LinkHrefs().Matches(html).Select(m => m.Groups[1].Value).Order(StringComparer.Ordinal));
        // Every script tag by its src ("" for inline code): app.js alone.
        Assert.Equal(["app.js"], ScriptTags().Matches(html).Select(m => SourceAttribute().Match(m.Groups[1].Value).Groups[1].Value));
        Assert.DoesNotContain("style=", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<style", html, StringComparison.Ordinal);

        var script = File.ReadAllText(Path.Combine(wwwroot, "app.js"));
        foreach (var blocked in new[] { "eval(", "new Function", "innerHTML", ".style", "\"style\"", "setTimeout(\"", "http://", "https://" })
        {
            Assert.DoesNotContain(blocked, script.Replace("http://www.w3.org/2000/svg", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
        }

        Assert.DoesNotContain("url(", File.ReadAllText(Path.Combine(wwwroot, "style.css")), StringComparison.Ordinal);
    }

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values)
            ? Assert.Single(values)
            : throw new Xunit.Sdk.XunitException($"{response.RequestMessage?.RequestUri}: no {name} header");

    [GeneratedRegex(@"<link\b[^>]*\bhref=""([^""]*)""")]
    private static partial Regex LinkHrefs();

    [GeneratedRegex(@"<script\b([^>]*)>")]
    private static partial Regex ScriptTags();

    [GeneratedRegex(@"\bsrc=""([^""]*)""")]
    private static partial Regex SourceAttribute();
}
