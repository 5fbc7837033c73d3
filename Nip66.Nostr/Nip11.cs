using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Nip66.Nostr;

/// <summary>The parts of a NIP-11 relay information document that a monitor reads; the rest stays in the raw JSON.</summary>
public sealed record Nip11Document
{
    public string? Name { get; init; }

    public string? Description { get; init; }

    public string? PubKey { get; init; }

    public string? Contact { get; init; }

    public string? Software { get; init; }

    public string? Version { get; init; }

    public IReadOnlyList<int> SupportedNips { get; init; } = [];

    public bool? AuthRequired { get; init; }

    public bool? PaymentRequired { get; init; }

    public bool? RestrictedWrites { get; init; }

    public int? MinPowDifficulty { get; init; }

    public IReadOnlyList<string> Tags { get; init; } = [];

    public IReadOnlyList<string> LanguageTags { get; init; } = [];

    public IReadOnlyList<string> RelayCountries { get; init; } = [];

    /// <summary>The whole document, minified, as published in a 30166 <c>content</c>.</summary>
    public string Json { get; init; } = "{}";

    /// <summary>
    /// Lenient on shape (numbers as strings, <c>limitations</c> for <c>limitation</c>, wrong types ignored),
    /// strict on being a JSON object: anything else is a <see cref="FormatException"/>, the only exception it throws.
    /// Every string, <see cref="Json"/> included, is <see cref="SafeText"/>.
    /// </summary>
    public static Nip11Document Parse(ReadOnlySpan<byte> utf8)
    {
        if (!System.Text.Unicode.Utf8.IsValid(utf8))
        {
            throw new FormatException("NIP-11 document is not valid UTF-8");
        }

        JsonDocument doc;
        try
        {
            var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = 32, AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
            doc = JsonDocument.ParseValue(ref reader);
        }
        catch (JsonException e)
        {
            throw new FormatException($"NIP-11 document is not JSON: {e.Message}");
        }

        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException("NIP-11 document is not a JSON object");
            }

            var limitation = Property(root, "limitation") ?? Property(root, "limitations");
            return new Nip11Document
            {
                Name = Text(root, "name"),
                Description = Text(root, "description"),
                PubKey = Text(root, "pubkey"),
                Contact = Text(root, "contact"),
                Software = Text(root, "software"),
                Version = Text(root, "version"),
                SupportedNips = Array(root, "supported_nips").Select(ToInt).OfType<int>().Where(n => n is >= 0 and < 100000).Distinct().Order().Take(Discovery.RelayDiscoveryCodec.MaxSupportedNips).ToArray(),
                AuthRequired = limitation is { } l1 ? Flag(l1, "auth_required") : null,
                PaymentRequired = limitation is { } l2 ? Flag(l2, "payment_required") : null,
                RestrictedWrites = limitation is { } l3 ? Flag(l3, "restricted_writes") : null,
                MinPowDifficulty = limitation is { } l4 && Property(l4, "min_pow_difficulty") is { } pow && ToInt(pow) is { } bits and >= 0 and <= 256 ? bits : null,
                Tags = Strings(root, "tags"),
                LanguageTags = Strings(root, "language_tags"),
                RelayCountries = Strings(root, "relay_countries"),
                Json = SafeText.Json(root),
            };
        }
    }

    /// <summary>A stored document (as kept in <see cref="Json"/>), or null when there is none or it no longer parses.</summary>
    public static Nip11Document? TryParse(string? json)
    {
        if (string.IsNullOrEmpty(json))
        {
            return null;
        }

        try
        {
            return Parse(System.Text.Encoding.UTF8.GetBytes(json));
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static JsonElement? Property(JsonElement obj, string name) =>
        obj.ValueKind == JsonValueKind.Object && SafeText.TryGetProperty(obj, name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

    private static string? Text(JsonElement obj, string name) =>
        Property(obj, name) is { ValueKind: JsonValueKind.String } value ? SafeText.Read(value) : null;

    private static JsonElement[] Array(JsonElement obj, string name) =>
        Property(obj, name) is { ValueKind: JsonValueKind.Array } value ? value.EnumerateArray().ToArray() : [];

    private static string[] Strings(JsonElement obj, string name) =>
        Array(obj, name).Where(v => v.ValueKind == JsonValueKind.String).Select(SafeText.Read)
            .Where(v => v.Length is > 0 and <= 64).Distinct().Take(64).ToArray();

    private static bool? Flag(JsonElement obj, string name) => Property(obj, name) switch
    {
        { ValueKind: JsonValueKind.True } => true,
        { ValueKind: JsonValueKind.False } => false,
        { ValueKind: JsonValueKind.String } s when bool.TryParse(SafeText.Read(s), out var b) => b,
        _ => null,
    };

    private static int? ToInt(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Number when value.TryGetInt32(out var n) => n,
        JsonValueKind.String when int.TryParse(SafeText.Read(value), NumberStyles.None, CultureInfo.InvariantCulture, out var n) => n,
        _ => null,
    };
}

public enum Nip11Failure
{
    Timeout,
    Network,
    HttpStatus,
    TooLarge,
    Invalid,
    Redirect,
    PrivateAddress,
}

/// <summary>A NIP-11 fetch failed. The message may quote the relay or its HTTP stack, so it is <see cref="SafeText"/>.</summary>
public sealed class Nip11Exception(Nip11Failure failure, string message, int? httpStatus = null) : Exception(SafeText.Clean(message))
{
    public Nip11Failure Failure { get; } = failure;

    public int? HttpStatus { get; } = httpStatus;
}

/// <summary>Fetches NIP-11 documents with a size cap and no redirects to other hosts.</summary>
public sealed class Nip11Client : IDisposable
{
    private const int MaxRedirects = 3;
    private static readonly HttpRequestOptionsKey<bool> AllowPrivateKey = new("nip66.allow-private-addresses");
    private readonly HttpClient http;
    private readonly int maxBytes;

    /// <param name="addressLimiter">The per-address cap shared with the WebSocket connections, or null.</param>
    public Nip11Client(int maxBytes = 256 * 1024, string? userAgent = null, AddressLimiter? addressLimiter = null)
    {
        this.maxBytes = maxBytes;
        http = new HttpClient(new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,

            // Not pooled: each fetch is guarded on its own (a pooled connection opened for an operator relay must not
            // serve a discovered one), and an idle pooled connection would hold a per-address slot.
            PooledConnectionLifetime = TimeSpan.Zero,
            MaxResponseHeadersLength = 64,
            ConnectCallback = async (context, ct) =>
            {
                var allowPrivate = !context.InitialRequestMessage.Options.TryGetValue(AllowPrivateKey, out var allow) || allow;
                var (stream, _, _) = await GuardedSocketConnector.ConnectAsync(context.DnsEndPoint, new ConnectPolicy(allowPrivate, addressLimiter), ct)
                    .ConfigureAwait(false);
                return stream;
            },
        })
        {
            Timeout = Timeout.InfiniteTimeSpan,
            MaxResponseContentBufferSize = maxBytes,
        };
        http.DefaultRequestHeaders.UserAgent.ParseAdd(userAgent ?? MonitorUserAgent.Default);
    }

    public Task<Nip11Document> FetchAsync(RelayUrl relay, CancellationToken cancellationToken) =>
        FetchAsync(relay, allowPrivateAddresses: true, cancellationToken);

    /// <param name="allowPrivateAddresses">False applies the SSRF guard to the relay and to every redirect target.</param>
    public async Task<Nip11Document> FetchAsync(RelayUrl relay, bool allowPrivateAddresses, CancellationToken cancellationToken)
    {
        try
        {
            return await FetchCoreAsync(relay.HttpUri, allowPrivateAddresses, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw new Nip11Exception(Nip11Failure.Timeout, "NIP-11 request timed out");
        }
        catch (OperationCanceledException e) when (e.InnerException is { } inner)
        {
            // HttpClient reports some transport failures (a TLS peer that hangs up) as a cancellation we did not ask for.
            throw new Nip11Exception(Nip11Failure.Network, $"NIP-11 request failed: {inner.Message}");
        }
        catch (HttpRequestException e) when (FindConnectFailure(e) is { } connect)
        {
            throw new Nip11Exception(connect.Failure == ConnectFailure.PrivateAddress ? Nip11Failure.PrivateAddress : Nip11Failure.Network,
                $"NIP-11 request failed: {connect.Message}");
        }
        catch (HttpRequestException e)
        {
            throw new Nip11Exception(Nip11Failure.Network, $"NIP-11 request failed: {e.Message}");
        }
        catch (IOException e)
        {
            throw new Nip11Exception(Nip11Failure.Network, $"NIP-11 request failed: {e.Message}");
        }
    }

    public void Dispose() => http.Dispose();

    private static RelayConnectException? FindConnectFailure(Exception e)
    {
        for (Exception? inner = e; inner is not null; inner = inner.InnerException)
        {
            if (inner is RelayConnectException connect)
            {
                return connect;
            }
        }

        return null;
    }

    private async Task<Nip11Document> FetchCoreAsync(Uri uri, bool allowPrivateAddresses, CancellationToken cancellationToken)
    {
        for (var hop = 0; ; hop++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, uri);
            request.Options.Set(AllowPrivateKey, allowPrivateAddresses);
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/nostr+json"));
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            if (status is >= 300 and < 400 && response.Headers.Location is { } location)
            {
                var next = location.IsAbsoluteUri ? location : new Uri(uri, location);
                if (hop >= MaxRedirects || next.Host != uri.Host || next.Port != uri.Port || next.Scheme is not ("http" or "https"))
                {
                    throw new Nip11Exception(Nip11Failure.Redirect, $"NIP-11 redirect to {next.GetLeftPart(UriPartial.Authority)} not followed", status);
                }

                uri = next;
                continue;
            }

            if (!response.IsSuccessStatusCode)
            {
                throw new Nip11Exception(Nip11Failure.HttpStatus, $"NIP-11 request answered HTTP {status}", status);
            }

            if (response.Content.Headers.ContentLength > maxBytes)
            {
                throw new Nip11Exception(Nip11Failure.TooLarge, $"NIP-11 document of {response.Content.Headers.ContentLength} bytes is over the {maxBytes}-byte limit");
            }

            var body = await ReadCappedAsync(response.Content, cancellationToken).ConfigureAwait(false);
            try
            {
                return Nip11Document.Parse(body);
            }
            catch (FormatException e)
            {
                throw new Nip11Exception(Nip11Failure.Invalid, e.Message);
            }
        }
    }

    private async Task<byte[]> ReadCappedAsync(HttpContent content, CancellationToken cancellationToken)
    {
        await using var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        var buffer = new byte[Math.Min(maxBytes + 1, 16 * 1024)];
        var length = 0;
        while (true)
        {
            if (length == buffer.Length)
            {
                if (length > maxBytes)
                {
                    throw new Nip11Exception(Nip11Failure.TooLarge, $"NIP-11 document is over the {maxBytes}-byte limit");
                }

                System.Array.Resize(ref buffer, Math.Min(buffer.Length * 2, maxBytes + 1));
            }

            var read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                return buffer[..length];
            }

            length += read;
        }
    }
}
