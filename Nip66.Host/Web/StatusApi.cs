using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Nip66.Contracts;
using Nip66.Host.Configuration;
using Nip66.Nostr;
using Nip66.Persistence;
using Nip66.Persistence.Statistics;

namespace Nip66.Host.Web;

/// <summary>
/// The status page (static files from wwwroot) and its JSON API, served by a process with the web role. Reads come
/// from the database; the write endpoints need <c>Authorization: Bearer &lt;Api:Token&gt;</c>.
/// </summary>
public static class StatusApi
{
    /// <summary>The most check results returned as one relay's history.</summary>
    public const int HistoryLimit = 2000;

    public const int MaxPageSize = 1000;

    public const int MaxCycles = 1000;

    /// <summary>Web defaults (camelCase), nulls written, enums as kebab-case strings.</summary>
    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web)
    {
        Converters = { ContractNames.JsonConverter() },
    };

    private static readonly string[] Statuses = ["online", "degraded", "offline", "unknown"];

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
        HttpContext context, string? status, string? network, string? q, int? page, int? pageSize, CancellationToken cancellationToken)
    {
        if (status is not null && !Statuses.Contains(status, StringComparer.OrdinalIgnoreCase))
        {
            return Error(StatusCodes.Status400BadRequest, $"status must be one of {string.Join(", ", Statuses)}");
        }

        RelayNetwork? wantedNetwork = null;
        if (network is not null)
        {
            if (!Enum.TryParse<RelayNetwork>(network, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed))
            {
                return Error(StatusCodes.Status400BadRequest, "network must be one of clearnet, tor, i2p, loki");
            }

            wantedNetwork = parsed;
        }

        var pageNumber = page ?? 1;
        var size = pageSize ?? 50;
        if (pageNumber < 1 || size < 1 || size > MaxPageSize)
        {
            return Error(StatusCodes.Status400BadRequest, $"page must be 1 or more and pageSize from 1 to {MaxPageSize}");
        }

        var services = context.RequestServices;
        var dbFactory = services.GetRequiredService<IDbContextFactory<MonitorDbContext>>();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var relays = await db.Relays.AsNoTracking().OrderBy(r => r.Id).Select(r => new RelayRow(
                r.Id, r.Url, r.Enabled, r.LastStatus, r.LastCheckedAt, r.LastOnlineAt, r.LastFailureClass))
            .ToListAsync(cancellationToken);

        var filtered = relays
            .Where(r => status is null || string.Equals(r.LastStatus ?? "unknown", status, StringComparison.OrdinalIgnoreCase))
            .Where(r => wantedNetwork is null || NetworkOf(r.Url) == wantedNetwork)
            .Where(r => string.IsNullOrWhiteSpace(q) || r.Url.Contains(q.Trim(), StringComparison.OrdinalIgnoreCase))
            .ToList();
        var pageRows = filtered.Skip((pageNumber - 1) * size).Take(size).ToList();

        var ids = pageRows.Select(r => r.Id).ToList();
        var latest = await LatestChecksAsync(db, ids, cancellationToken);
        var uptime = await services.GetRequiredService<IRelayStatistics>().GetUptimeForAllAsync(DateTimeOffset.UtcNow, cancellationToken);

        var items = pageRows.Select(r => ToItem(r, latest.GetValueOrDefault(r.Id), uptime.GetValueOrDefault(r.Url))).ToList();
        return Results.Json(new RelayPage(filtered.Count, pageNumber, size, items), Json);
    }

    private static async Task<IResult> GetRelayAsync(HttpContext context, string url, CancellationToken cancellationToken)
    {
        var text = url.Contains('%', StringComparison.Ordinal) ? Uri.UnescapeDataString(url) : url;
        if (!RelayUrl.TryParse(text, out var relayUrl, out var parseError))
        {
            return Error(StatusCodes.Status400BadRequest, $"'{text}' is not a relay URL: {parseError}");
        }

        var services = context.RequestServices;
        await using var db = await services.GetRequiredService<IDbContextFactory<MonitorDbContext>>().CreateDbContextAsync(cancellationToken);
        var relay = await db.Relays.AsNoTracking().SingleOrDefaultAsync(r => r.Url == relayUrl.Value, cancellationToken);
        if (relay is null)
        {
            return Error(StatusCodes.Status404NotFound, $"unknown relay {relayUrl.Value}");
        }

        var now = DateTimeOffset.UtcNow;
        var since = now - TimeSpan.FromDays(7);
        var history = await db.CheckResults.AsNoTracking()
            .Where(c => c.RelayId == relay.Id && c.FinishedAt >= since)
            .OrderByDescending(c => c.FinishedAt)
            .Take(HistoryLimit)
            .Select(c => new HistoryPoint(c.FinishedAt, c.Status, new Rtt(c.RttOpenMs, c.RttReadMs, c.RttWriteMs), c.FailureClass))
            .ToListAsync(cancellationToken);
        history.Reverse();

        var latest = await LatestChecksAsync(db, [relay.Id], cancellationToken);
        var uptime = await services.GetRequiredService<IRelayStatistics>().GetUptimeAsync(relay.Id, now, cancellationToken);
        var row = new RelayRow(relay.Id, relay.Url, relay.Enabled, relay.LastStatus, relay.LastCheckedAt, relay.LastOnlineAt, relay.LastFailureClass);
        var item = ToItem(row, latest.GetValueOrDefault(relay.Id), uptime);
        return Results.Json(new RelayDetail(item, relay.Nip11Json, history), Json);
    }

    private static async Task<IResult> ListCyclesAsync(HttpContext context, MonitorSettings settings, int? limit, CancellationToken cancellationToken)
    {
        var count = limit ?? 50;
        if (count < 1 || count > MaxCycles)
        {
            return Error(StatusCodes.Status400BadRequest, $"limit must be from 1 to {MaxCycles}");
        }

        var services = context.RequestServices;
        var frequency = MonitorHost.SchedulerOptionsFor(settings).Period(DateTimeOffset.UtcNow);
        await using var db = await services.GetRequiredService<IDbContextFactory<MonitorDbContext>>().CreateDbContextAsync(cancellationToken);
        var cycles = await db.Cycles.AsNoTracking().OrderByDescending(c => c.StartedAt).Take(count).ToListAsync(cancellationToken);
        var items = cycles.Select(c =>
        {
            double? duration = c.CompletedAt is { } completed ? (completed - c.StartedAt).TotalSeconds : null;
            var onTime = c.CompletedAt is not null && !c.TimedOut && duration <= frequency.TotalSeconds;
            return new CycleItem(c.Id, c.StartedAt, c.CompletedAt, c.Expected, c.Checked, c.Online, c.Degraded, c.Offline, duration, c.TimedOut, onTime);
        }).ToList();
        return Results.Json(items, Json);
    }

    private static async Task<IResult> GetMonitorAsync(HttpContext context, MonitorSettings settings, CancellationToken cancellationToken)
    {
        var services = context.RequestServices;
        var now = DateTimeOffset.UtcNow;
        var since = now - TimeSpan.FromDays(1);
        await using var db = await services.GetRequiredService<IDbContextFactory<MonitorDbContext>>().CreateDbContextAsync(cancellationToken);
        var identity = await MonitorIdentity.FindAsync(services, db, cancellationToken);
        var publish = new List<PublishRelayHealth>();
        foreach (var relay in settings.PublishRelays)
        {
            publish.Add(await PublishRelayHealthAsync(db, relay, since, cancellationToken));
        }

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

            urls.Add(url.Value);
        }

        var added = await context.RequestServices.GetRequiredService<IRelayRegistry>().AddAsync(urls, cancellationToken: cancellationToken);
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

    /// <summary>
    /// One publish relay's deliveries since <paramref name="since"/>: attempts by outcome, deliveries still waiting for
    /// a retry (their latest attempt has a retry time) and given up (a last attempt that failed), the last failure.
    /// </summary>
    private static async Task<PublishRelayHealth> PublishRelayHealthAsync(MonitorDbContext db, string relay, DateTimeOffset since, CancellationToken cancellationToken)
    {
        var accepted = PersistenceNames.Outcome(DeliveryOutcome.Accepted);
        var failed = PersistenceNames.Outcome(DeliveryOutcome.Failed);
        var recent = db.EventDeliveries.AsNoTracking().Where(d => d.PublishRelay == relay && d.At >= since);
        var attempts = await recent.GroupBy(d => d.Outcome)
            .Select(g => new { Outcome = g.Key, Count = g.Count(), Last = g.Max(d => d.At) })
            .ToListAsync(cancellationToken);
        var pending = await recent.CountAsync(
            d => d.RetryAt != null && !db.EventDeliveries.Any(later => later.EventId == d.EventId && later.PublishRelay == d.PublishRelay && later.At > d.At),
            cancellationToken);
        var givenUp = await recent.CountAsync(d => d.Outcome == failed && d.RetryAt == null, cancellationToken);
        var lastFailure = await recent.Where(d => d.Outcome != accepted).OrderByDescending(d => d.At)
            .Select(d => new DeliveryFailure(d.At, d.Outcome, d.Message, d.EventId, d.Attempt, d.RetryAt))
            .FirstOrDefaultAsync(cancellationToken);
        int Count(DeliveryOutcome outcome) => attempts.Where(a => a.Outcome == PersistenceNames.Outcome(outcome)).Sum(a => a.Count);
        DateTimeOffset? lastAt = attempts.Count == 0 ? null : attempts.Max(a => a.Last);
        return new PublishRelayHealth(
            relay, Count(DeliveryOutcome.Accepted), Count(DeliveryOutcome.Refused), Count(DeliveryOutcome.RefusedTemporarily), Count(DeliveryOutcome.Failed),
            pending, givenUp, lastAt, lastFailure);
    }

    /// <summary>The newest check result of each relay, in one query.</summary>
    private static async Task<Dictionary<long, Rtt>> LatestChecksAsync(MonitorDbContext db, List<long> relayIds, CancellationToken cancellationToken)
    {
        if (relayIds.Count == 0)
        {
            return [];
        }

        var lastIds = db.CheckResults.Where(c => relayIds.Contains(c.RelayId)).GroupBy(c => c.RelayId).Select(g => g.Max(c => c.Id));
        return await db.CheckResults.AsNoTracking()
            .Where(c => lastIds.Contains(c.Id))
            .ToDictionaryAsync(c => c.RelayId, c => new Rtt(c.RttOpenMs, c.RttReadMs, c.RttWriteMs), cancellationToken);
    }

    private static RelayItem ToItem(RelayRow row, Rtt? rtt, RelayUptime? uptime) => new(
        row.Url,
        NetworkOf(row.Url),
        row.Enabled,
        row.LastStatus,
        rtt ?? new Rtt(null, null, null),
        row.LastCheckedAt,
        row.LastOnlineAt,
        row.LastFailureClass,
        new Uptime(uptime?.Last24Hours.Fraction, uptime?.Last7Days.Fraction, uptime?.Last30Days.Fraction),
        new Rtt(uptime?.Open.P50, uptime?.Read.P50, uptime?.Write.P50),
        new Rtt(uptime?.Open.P95, uptime?.Read.P95, uptime?.Write.P95));

    private static RelayNetwork NetworkOf(string url) => RelayUrl.TryParse(url, out var parsed, out _) ? parsed.Network : RelayNetwork.Clearnet;

    internal static IResult Error(int statusCode, string message) => Results.Json(new ErrorResponse(message), Json, statusCode: statusCode);

    private sealed record RelayRow(
        long Id, string Url, bool Enabled, string? LastStatus, DateTimeOffset? LastCheckedAt, DateTimeOffset? LastOnlineAt, string? LastFailureClass);

    private sealed record Rtt(int? Open, int? Read, int? Write);

    private sealed record Uptime(double? H24, double? D7, double? D30);

    private sealed record RelayItem(
        string Url,
        RelayNetwork Network,
        bool Enabled,
        string? Status,
        Rtt Rtt,
        DateTimeOffset? LastCheckedAt,
        DateTimeOffset? LastOnlineAt,
        string? FailureClass,
        Uptime Uptime,
        Rtt RttP50,
        Rtt RttP95);

    private sealed record RelayPage(int Total, int Page, int PageSize, IReadOnlyList<RelayItem> Items);

    private sealed record HistoryPoint(DateTimeOffset At, string Status, Rtt Rtt, string? FailureClass);

    private sealed record RelayDetail(
        [property: JsonIgnore] RelayItem Relay, [property: JsonConverter(typeof(RawJsonConverter))] string? Nip11, IReadOnlyList<HistoryPoint> History)
    {
        public string Url => Relay.Url;

        public RelayNetwork Network => Relay.Network;

        public bool Enabled => Relay.Enabled;

        public string? Status => Relay.Status;

        public Rtt Rtt => Relay.Rtt;

        public DateTimeOffset? LastCheckedAt => Relay.LastCheckedAt;

        public DateTimeOffset? LastOnlineAt => Relay.LastOnlineAt;

        public string? FailureClass => Relay.FailureClass;

        public Uptime Uptime => Relay.Uptime;

        public Rtt RttP50 => Relay.RttP50;

        public Rtt RttP95 => Relay.RttP95;
    }

    private sealed record CycleItem(
        Guid Id,
        DateTimeOffset StartedAt,
        DateTimeOffset? CompletedAt,
        int Expected,
        int Checked,
        int Online,
        int Degraded,
        int Offline,
        double? DurationSeconds,
        bool TimedOut,
        bool OnTime);

    /// <summary>
    /// Accepted, Refused, RefusedTemporarily and Failed count attempts of the last day; Pending and GivenUp count
    /// deliveries (events).
    /// </summary>
    private sealed record PublishRelayHealth(
        string Url,
        int Accepted,
        int Refused,
        int RefusedTemporarily,
        int Failed,
        int Pending,
        int GivenUp,
        DateTimeOffset? LastAt,
        DeliveryFailure? LastFailure);

    private sealed record DeliveryFailure(DateTimeOffset At, string Outcome, string? Message, string EventId, int Attempt, DateTimeOffset? RetryAt);

    private sealed record MonitorInfo(
        string? Npub,
        string? Pubkey,
        string Name,
        string Schedule,
        double FrequencySeconds,
        IReadOnlyList<string> Checks,
        bool ReadOnly,
        IReadOnlyList<PublishRelayHealth> PublishRelays);

    private sealed record AddRelaysRequest(IReadOnlyList<string>? Urls);

    private sealed record AddRelaysResponse(int Added, IReadOnlyList<string> Urls);

    private sealed record DisableRelayRequest(string? Url);

    private sealed record DisableRelayResponse(string Disabled);

    private sealed record ErrorResponse(string Error);
}
