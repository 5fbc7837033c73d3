using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Nip66.Contracts;
using Nip66.Host.Configuration;
using Nip66.Nostr;
using Nip66.Persistence;
using Nip66.Persistence.ReadSide;

namespace Nip66.Host.Web;

/// <summary>
/// The status page (static files from wwwroot) and its JSON API, served by a process with the web role. Reads come
/// from the database; the write endpoints need <c>Authorization: Bearer &lt;Api:Token&gt;</c>.
/// </summary>
public static class StatusApi
{
    /// <summary>Web defaults (camelCase), nulls written, enums as kebab-case strings.</summary>
    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web)
    {
        Converters = { ContractNames.JsonConverter() },
    };

    public static WebApplication MapStatusApi(this WebApplication app, MonitorSettings settings)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(settings);
        app.UseDefaultFiles();
        app.UseStaticFiles();

        var api = app.MapGroup("/api");
        api.MapGet("/relays", ListRelaysAsync);
        api.MapGet("/relays/{*url}", GetRelayAsync);
        api.MapGet("/cycles", (HttpContext context, int? limit, CancellationToken cancellationToken) =>
            ListCyclesAsync(context, settings, limit, cancellationToken));
        api.MapGet("/monitor", (HttpContext context, CancellationToken cancellationToken) => GetMonitorAsync(context, settings, cancellationToken));
        api.MapPost("/relays", (HttpContext context, CancellationToken cancellationToken) => AddRelaysAsync(context, settings, cancellationToken))
            .WithWriteLimits();
        api.MapPost("/relays/disable", (HttpContext context, CancellationToken cancellationToken) =>
            DisableRelayAsync(context, settings, cancellationToken)).WithWriteLimits();
        return app;
    }

    private static async Task<IResult> ListRelaysAsync(
        HttpContext context, string? status, string? network, string? origin, string? q, string? sort, string? dir, int? page, int? pageSize, CancellationToken cancellationToken)
    {
        if (!RelayListQuery.TryParse(status, network, origin, q, sort, dir, page, pageSize, out var query, out var error))
        {
            return Error(StatusCodes.Status400BadRequest, error);
        }

        var relays = await context.RequestServices.GetRequiredService<RelayStatusQueries>().ListAsync(query, DateTimeOffset.UtcNow, cancellationToken);
        return Results.Json(relays, Json);
    }

    private static async Task<IResult> GetRelayAsync(HttpContext context, string url, CancellationToken cancellationToken)
    {
        var text = url.Contains('%', StringComparison.Ordinal) ? Uri.UnescapeDataString(url) : url;
        if (!RelayUrl.TryParse(text, out var relayUrl, out var parseError))
        {
            return Error(StatusCodes.Status400BadRequest, $"'{text}' is not a relay URL: {parseError}");
        }

        var relay = await context.RequestServices.GetRequiredService<RelayStatusQueries>().GetAsync(relayUrl.Value, DateTimeOffset.UtcNow, cancellationToken);
        return relay is null ? Error(StatusCodes.Status404NotFound, $"unknown relay {relayUrl.Value}") : Results.Json(relay, Json);
    }

    private static async Task<IResult> ListCyclesAsync(HttpContext context, MonitorSettings settings, int? limit, CancellationToken cancellationToken)
    {
        var count = limit ?? 50;
        if (count < 1 || count > CycleQueries.MaxCycles)
        {
            return Error(StatusCodes.Status400BadRequest, $"limit must be from 1 to {CycleQueries.MaxCycles}");
        }

        var frequency = MonitorHost.SchedulerOptionsFor(settings).Period(DateTimeOffset.UtcNow);
        var cycles = await context.RequestServices.GetRequiredService<CycleQueries>().ListAsync(count, frequency, cancellationToken);
        return Results.Json(cycles, Json);
    }

    private static async Task<IResult> GetMonitorAsync(HttpContext context, MonitorSettings settings, CancellationToken cancellationToken)
    {
        var services = context.RequestServices;
        var now = DateTimeOffset.UtcNow;
        var identity = await MonitorIdentity.FindAsync(services, cancellationToken);
        var publish = await services.GetRequiredService<DeliveryQueries>().HealthAsync(settings.PublishRelays, now - TimeSpan.FromDays(1), cancellationToken);
        var frequency = MonitorHost.SchedulerOptionsFor(settings).Period(now);
        return Results.Json(
            new MonitorInfo(
                identity?.Npub, identity?.PublicKeyHex, settings.MonitorName, settings.ScheduleText, frequency.TotalSeconds,
                settings.Checks.Select(PersistenceNames.Check).ToList(), settings.ApiToken is null, publish),
            Json);
    }

    private static async Task<IResult> AddRelaysAsync(HttpContext context, MonitorSettings settings, CancellationToken cancellationToken)
    {
        if (Authorize(context, settings.ApiToken) is { } denied)
        {
            return denied;
        }

        var (body, bodyError) = await ReadBodyAsync<AddRelaysRequest>(context, cancellationToken);
        if (bodyError is not null)
        {
            return bodyError;
        }

        if (body?.Urls is not { Count: > 0 } texts)
        {
            return Error(StatusCodes.Status400BadRequest, "the body must be {\"urls\": [\"wss://...\"]} with at least one URL");
        }

        if (texts.Count > WriteLimits.MaxRelaysPerRequest)
        {
            return Error(StatusCodes.Status400BadRequest, WriteLimits.TooManyRelays(texts.Count));
        }

        var urls = new List<string>();
        var internalHosts = new List<string>();
        foreach (var text in texts)
        {
            if (!RelayUrl.TryParse(text, out var url, out var error))
            {
                return Error(StatusCodes.Status400BadRequest, $"'{text}' is not a relay URL: {error}");
            }

            if (settings.OptOut.Excludes(url.Value))
            {
                return Error(StatusCodes.Status400BadRequest, $"'{url.Value}' is not monitored: its operator opted out (OptOut)");
            }

            if (!body.AllowPrivate && PublicHostName.IsRefused(url.Host, out var reason))
            {
                internalHosts.Add($"'{url.Value}': {reason}");
            }

            urls.Add(url.Value);
        }

        // All or nothing, like the other refusals: a list that names internal hosts is sent again without them or with the field.
        if (internalHosts.Count > 0)
        {
            return Error(StatusCodes.Status400BadRequest,
                $"not public, nothing added (send \"allowPrivate\": true to trust these relays with internal addresses): {string.Join("; ", internalHosts)}");
        }

        var added = await context.RequestServices.GetRequiredService<IRelayRegistry>()
            .AddAsync(urls, allowPrivateAddresses: body.AllowPrivate, cancellationToken: cancellationToken);
        return Results.Json(new AddRelaysResponse(added, urls.Distinct(StringComparer.Ordinal).ToList()), Json);
    }

    private static async Task<IResult> DisableRelayAsync(HttpContext context, MonitorSettings settings, CancellationToken cancellationToken)
    {
        if (Authorize(context, settings.ApiToken) is { } denied)
        {
            return denied;
        }

        var (body, bodyError) = await ReadBodyAsync<DisableRelayRequest>(context, cancellationToken);
        if (bodyError is not null)
        {
            return bodyError;
        }

        if (string.IsNullOrWhiteSpace(body?.Url))
        {
            return Error(StatusCodes.Status400BadRequest, "the body must be {\"url\": \"wss://...\"}");
        }

        if (!RelayUrl.TryParse(body.Url, out var url, out var error))
        {
            return Error(StatusCodes.Status400BadRequest, $"'{body.Url}' is not a relay URL: {error}");
        }

        return await context.RequestServices.GetRequiredService<IRelayRegistry>().DisableAsync(url.Value, cancellationToken)
            ? Results.Json(new DisableRelayResponse(url.Value), Json)
            : Error(StatusCodes.Status404NotFound, $"unknown relay {url.Value}");
    }

    /// <summary>Null when the request carries the API token; otherwise the 403 (no token configured) or 401 to send.</summary>
    private static IResult? Authorize(HttpContext context, string? token)
    {
        if (token is null)
        {
            return Error(StatusCodes.Status403Forbidden, "read-only: set Api:Token");
        }

        var header = context.Request.Headers.Authorization.ToString();
        const string scheme = "Bearer ";
        var given = header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase) ? header[scheme.Length..].Trim() : null;
        // Hashing first gives equal lengths, so the comparison time says nothing about the token.
        if (given is not null && CryptographicOperations.FixedTimeEquals(
                SHA256.HashData(Encoding.UTF8.GetBytes(given)), SHA256.HashData(Encoding.UTF8.GetBytes(token))))
        {
            return null;
        }

        context.Response.Headers.WWWAuthenticate = "Bearer";
        return Error(StatusCodes.Status401Unauthorized, given is null ? "missing bearer token" : "wrong bearer token");
    }

    private static async Task<(T? Body, IResult? Error)> ReadBodyAsync<T>(HttpContext context, CancellationToken cancellationToken)
        where T : class
    {
        try
        {
            return (await JsonSerializer.DeserializeAsync<T>(context.Request.Body, Json, cancellationToken), null);
        }
        catch (JsonException e)
        {
            return (null, Error(StatusCodes.Status400BadRequest, $"the body is not valid JSON: {e.Message}"));
        }
    }

    internal static IResult Error(int statusCode, string message) => Results.Json(new ErrorResponse(message), Json, statusCode: statusCode);

    private sealed record MonitorInfo(
        string? Npub,
        string? Pubkey,
        string Name,
        string Schedule,
        double FrequencySeconds,
        IReadOnlyList<string> Checks,
        bool ReadOnly,
        IReadOnlyList<PublishRelayHealth> PublishRelays);

    /// <param name="AllowPrivate">The caller vouches for the relays: checked without the SSRF guard, like <c>relays add</c>.</param>
    private sealed record AddRelaysRequest(IReadOnlyList<string>? Urls, bool AllowPrivate = false);

    private sealed record AddRelaysResponse(int Added, IReadOnlyList<string> Urls);

    private sealed record DisableRelayRequest(string? Url);

    private sealed record DisableRelayResponse(string Disabled);

    private sealed record ErrorResponse(string Error);
}
