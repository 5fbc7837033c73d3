using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Nip66.Host.Web;

namespace Nip66.Web.Tests;

/// <summary>The write API takes at most 1 MiB of body and 1,000 relays per request, and says which limit it hit.</summary>
public sealed class WriteLimitsTests
{
    private const string TooLarge = "the request body is over the limit of 1048576 bytes (1 MiB)";

    [Fact]
    public async Task A_body_over_one_mebibyte_is_refused_with_413_before_it_is_read()
    {
        await using var monitor = await RunningMonitor.StartAsync(MonitorFixture.Token);
        using var http = monitor.CreateClient();
        // Valid JSON of 1 MiB + 1 byte: only its size is wrong.
        const string head = """{"urls":["wss://relay.example.com/"]""";
        var body = head + new string(' ', (int)WriteLimits.MaxBodyBytes - head.Length) + "}";
        Assert.Equal(WriteLimits.MaxBodyBytes + 1, Encoding.UTF8.GetByteCount(body));

        foreach (var path in new[] { "/api/relays", "/api/relays/disable" })
        {
            using var request = Authorized(path, new StringContent(body, Encoding.UTF8, "application/json"));
            await AssertRefusedAsync(http, request, HttpStatusCode.RequestEntityTooLarge, TooLarge);
        }
    }

    [Fact]
    public async Task A_chunked_body_over_one_mebibyte_is_refused_with_413_while_it_is_read()
    {
        await using var monitor = await RunningMonitor.StartAsync(MonitorFixture.Token);
        using var http = monitor.CreateClient();
        var body = Encoding.UTF8.GetBytes("""{"urls":["wss://relay.example.com/"]""" + new string(' ', 2 * (int)WriteLimits.MaxBodyBytes) + "}");
        // No Content-Length: the size shows only as the handler reads.
        using var content = new StreamContent(new MemoryStream(body));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var request = Authorized("/api/relays", content);
        request.Headers.TransferEncodingChunked = true;

        await AssertRefusedAsync(http, request, HttpStatusCode.RequestEntityTooLarge, TooLarge);
    }

    [Fact]
    public async Task More_than_a_thousand_relays_in_one_request_are_refused_and_a_thousand_are_added()
    {
        await using var monitor = await RunningMonitor.StartAsync(MonitorFixture.Token);
        using var http = monitor.CreateClient();
        var urls = Enumerable.Range(0, WriteLimits.MaxRelaysPerRequest + 1).Select(i => $"wss://relay{i}.example.com/").ToArray();

        using (var request = Authorized("/api/relays", JsonContent.Create(new { urls })))
        {
            await AssertRefusedAsync(http, request, HttpStatusCode.BadRequest,
                "1001 relays in one request; the limit is 1000 per request (send more in several requests, or use nip66 relays import)");
        }

        using var accepted = Authorized("/api/relays", JsonContent.Create(new { urls = urls[..WriteLimits.MaxRelaysPerRequest] }));
        using var response = await http.SendAsync(accepted);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(WriteLimits.MaxRelaysPerRequest, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("added").GetInt32());
    }

    private static HttpRequestMessage Authorized(string path, HttpContent content)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", MonitorFixture.Token);
        return request;
    }

    /// <summary>The request gets <paramref name="status"/> with <paramref name="error"/>, and no relay was added.</summary>
    private static async Task AssertRefusedAsync(HttpClient http, HttpRequestMessage request, HttpStatusCode status, string error)
    {
        using (var response = await http.SendAsync(request))
        {
            Assert.Equal(status, response.StatusCode);
            Assert.Equal(error, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
        }

        using var listed = await StatusApiTests.GetJsonAsync(http, "/api/relays");
        Assert.Equal(0, listed.RootElement.GetProperty("total").GetInt32());
    }
}
