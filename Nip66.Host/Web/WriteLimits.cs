using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Nip66.Host.Web;

/// <summary>
/// Bounds on the API's write endpoints, far below Kestrel's 30 MB default: a body over <see cref="MaxBodyBytes"/> is
/// refused with 413 before the handler reads it (by its Content-Length) or while it reads it (a chunked body).
/// </summary>
public static class WriteLimits
{
    /// <summary>1 MiB: room for <see cref="MaxRelaysPerRequest"/> URLs of a kilobyte each.</summary>
    public const long MaxBodyBytes = 1024 * 1024;

    /// <summary>Relays one <c>POST /api/relays</c> may add; more go in several requests or <c>nip66 relays import</c>.</summary>
    public const int MaxRelaysPerRequest = 1000;

    public static string TooManyRelays(int count) => string.Create(CultureInfo.InvariantCulture,
        $"{count} relays in one request; the limit is {MaxRelaysPerRequest} per request (send more in several requests, or use nip66 relays import)");

    public static RouteHandlerBuilder WithWriteLimits(this RouteHandlerBuilder endpoint) => endpoint.AddEndpointFilter(async (context, next) =>
    {
        var http = context.HttpContext;
        if (http.Request.ContentLength > MaxBodyBytes)
        {
            return TooLarge();
        }

        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = MaxBodyBytes;
        }

        try
        {
            return await next(context);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return TooLarge();
        }
    });

    private static IResult TooLarge() =>
        StatusApi.Error(StatusCodes.Status413PayloadTooLarge, $"the request body is over the limit of {MaxBodyBytes} bytes (1 MiB)");
}
