using System.Buffers;
using System.Net;
using System.Net.Http.Headers;

namespace Nip66.Nostr;

/// <summary>Fetches NIP-11 documents with a size cap and no redirects to other hosts.</summary>
public sealed class Nip11Client : IDisposable
{
    private const int MaxRedirects = 3;
    private static readonly HttpRequestOptionsKey<ConnectPolicy> PolicyKey = new("nip66.connect-policy");
    private readonly HttpClient http;
    private readonly int maxBytes;

    public Nip11Client(int maxBytes = 256 * 1024, string? userAgent = null)
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
                var policy = context.InitialRequestMessage.Options.TryGetValue(PolicyKey, out var requested) ? requested
                    : throw new InvalidOperationException("a NIP-11 request was sent without its connect policy");
                var (stream, _, _) = await GuardedSocketConnector.ConnectAsync(context.DnsEndPoint, policy, ConnectPurpose.Nip11, ct).ConfigureAwait(false);
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
        FetchAsync(relay, ConnectPolicy.Unrestricted, cancellationToken);

    /// <param name="policy">
    /// Applies to the relay and to every redirect target: the SSRF guard, the resolver and the per-address cap shared
    /// with the WebSocket connections.
    /// </param>
    public async Task<Nip11Document> FetchAsync(RelayUrl relay, ConnectPolicy policy, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(relay);
        ArgumentNullException.ThrowIfNull(policy);
        try
        {
            return await FetchCoreAsync(relay.HttpUri, policy, cancellationToken).ConfigureAwait(false);
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

    private async Task<Nip11Document> FetchCoreAsync(Uri uri, ConnectPolicy policy, CancellationToken cancellationToken)
    {
        for (var hop = 0; ; hop++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, uri);
            request.Options.Set(PolicyKey, policy);
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

            var (body, length) = await ReadCappedAsync(response.Content, cancellationToken).ConfigureAwait(false);
            try
            {
                return Nip11Document.Parse(body.AsSpan(0, length));
            }
            catch (FormatException e)
            {
                throw new Nip11Exception(Nip11Failure.Invalid, e.Message);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(body);
            }
        }
    }

    /// <summary>
    /// The body in a buffer rented from the shared pool, which the caller returns: a new 16 KiB buffer and its exact
    /// copy per fetch were a fifth of the bytes a 10,000-relay cycle allocated in arrays (docs/benchmarks.md).
    /// </summary>
    private async Task<(byte[] Buffer, int Length)> ReadCappedAsync(HttpContent content, CancellationToken cancellationToken)
    {
        await using var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        // One byte over the cap is enough to refuse; a rented buffer may be longer than that.
        var cap = maxBytes + 1;
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Min(cap, PooledBuffer.InitialSize));
        var length = 0;
        try
        {
            while (true)
            {
                if (length == Math.Min(buffer.Length, cap))
                {
                    if (length > maxBytes)
                    {
                        throw new Nip11Exception(Nip11Failure.TooLarge, $"NIP-11 document is over the {maxBytes}-byte limit");
                    }

                    PooledBuffer.Grow(ref buffer, length, cap);
                }

                var read = await stream.ReadAsync(buffer.AsMemory(length, Math.Min(buffer.Length, cap) - length), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    return (buffer, length);
                }

                length += read;
            }
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }
}
