using System.Globalization;
using Cronos;
using Nip66.Checker;
using Nip66.Contracts;
using Nip66.Nostr;
using Nip66.Persistence.Maintenance;

namespace Nip66.Host.Configuration;

/// <summary>
/// Every setting of the monitor, read once from configuration (appsettings.json, an optional --config file,
/// NIP66_* environment variables, command-line flags; later wins) and checked before anything starts.
/// </summary>
public sealed record MonitorSettings
{
    public MonitorMode Mode { get; init; }

    public MonitorRoles Roles { get; init; }

    public required string DataDirectory { get; init; }

    public required CronExpression Schedule { get; init; }

    public string ScheduleText { get; init; } = string.Empty;

    public TimeSpan? CycleDeadline { get; init; }

    public required IReadOnlyList<CheckType> Checks { get; init; }

    public required IReadOnlyDictionary<CheckType, int> TimeoutsMs { get; init; }

    /// <summary>The checker role's settings (keys <c>Checker:*</c>, and <see cref="OptOut"/>), defaults its own.</summary>
    public CheckerOptions Checker { get; init; } = new();

    public required IReadOnlyList<string> PublishRelays { get; init; }

    public string? KeyFile { get; init; }

    public string? RabbitMq { get; init; }

    public string? Redis { get; init; }

    public string? Postgres { get; init; }

    /// <summary>Where the process serves metrics, health and (web role) the status page.</summary>
    public string Urls { get; init; } = DefaultUrls;

    /// <summary>One JSON object per log line instead of plain text.</summary>
    public bool LogJson { get; init; }

    /// <summary>The bearer token that unlocks the write endpoints of the API; none means read-only.</summary>
    public string? ApiToken { get; init; }

    /// <summary>Relay discovery (keys <c>Discovery:*</c>), defaults its own.</summary>
    public DiscoveryOptions Discovery { get; init; } = new();

    /// <summary>What the maintenance keeps (keys <c>Retention:*</c>, in days), defaults its own.</summary>
    public MaintenanceOptions Retention { get; init; } = new();

    public required string MonitorName { get; init; }

    public string? MonitorAbout { get; init; }

    public string? MonitorWebsite { get; init; }

    public IReadOnlyList<string> Geohashes { get; init; } = [];

    /// <summary>Relays whose operators asked not to be monitored (key <c>OptOut</c>): never checked, never added.</summary>
    public RelayOptOut OptOut { get; init; } = RelayOptOut.None;

    /// <summary>How relay operators reach whoever runs this monitor; sent in the User-Agent of every request.</summary>
    public string? MonitorContact { get; init; }

    public const string DefaultUrls = "http://127.0.0.1:8066";

    /// <summary>
    /// The roles that sign as the monitor: the checker its write probes (kind 30078) and NIP-42 answers (kind 22242),
    /// the publisher the 30166, 10166, kind 0 and 10002. Only a process running one of them reads the key.
    /// </summary>
    public const MonitorRoles SigningRoles = MonitorRoles.Checker | MonitorRoles.Publisher;

    /// <summary>True when this process runs a role that signs, and so needs the monitor key.</summary>
    public bool Signs => (Roles & SigningRoles) != MonitorRoles.None;

    public static MonitorSettings Load(IConfiguration config)
    {
        var mode = ParseEnum<MonitorMode>(config, "Mode", MonitorMode.Embedded);
        var roles = ParseRoles(config);
        var scheduleText = config["Schedule"] ?? Scheduler.SchedulerOptions.DefaultSchedule;
        CronExpression schedule;
        try
        {
            schedule = CronExpression.Parse(scheduleText, scheduleText.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries).Length == 6 ? CronFormat.IncludeSeconds : CronFormat.Standard);
        }
        catch (CronFormatException e)
        {
            throw new ConfigurationException("Schedule", $"'{scheduleText}' is not a cron expression ({e.Message})");
        }

        var checkNames = ParseList(config, "Checks");
        var checks = checkNames.Length == 0 ? [.. MonitorDefaults.Checks] : checkNames.Select(ParseCheck).Distinct().ToArray();
        if (!checks.Contains(CheckType.Open))
        {
            throw new ConfigurationException("Checks", "must include 'open': every other check needs the connection");
        }

        var timeouts = new Dictionary<CheckType, int>();
        foreach (var check in MonitorDefaults.TimedChecks)
        {
            timeouts[check] = ParseInt(config, $"Timeouts:{check}", MonitorDefaults.TimeoutMs, 100, 300_000);
        }

        var publishRelays = ParseList(config, "PublishRelays").Select(text => RelayUrl.TryParse(text, out var url, out var error)
            ? url.Value
            : throw new ConfigurationException("PublishRelays", error)).Distinct().ToArray();

        var optOut = ParseOptOut(ParseList(config, "OptOut"));
        var settings = new MonitorSettings
        {
            Mode = mode,
            Roles = roles,
            DataDirectory = Path.GetFullPath(config["Data"] is { Length: > 0 } data ? data : ".data"),
            Schedule = schedule,
            ScheduleText = scheduleText,
            CycleDeadline = config["CycleDeadlineSeconds"] is { Length: > 0 } ? TimeSpan.FromSeconds(ParseInt(config, "CycleDeadlineSeconds", 0, 10, 86_400)) : null,
            Checks = checks,
            TimeoutsMs = timeouts,
            Checker = ParseChecker(config, optOut),
            PublishRelays = publishRelays,
            KeyFile = config["KeyFile"] is { Length: > 0 } keyFile ? keyFile : null,
            RabbitMq = Blank(config["RabbitMq"]),
            Redis = Blank(config["Redis"]),
            Postgres = Blank(config["Postgres"]),
            Urls = config["Urls"] is { Length: > 0 } urls ? urls : DefaultUrls,
            Retention = ParseRetention(config),
            Discovery = ParseDiscovery(config),
            LogJson = ParseBool(config, "Logging:Json"),
            ApiToken = Blank(config["Api:Token"]),
            MonitorName = config["Monitor:Name"] is { Length: > 0 } name ? name : MonitorDefaults.Name,
            MonitorAbout = Blank(config["Monitor:About"]) ?? MonitorDefaults.About,
            MonitorWebsite = ParseWebsite(config["Monitor:Website"]),
            Geohashes = ParseList(config, "Monitor:Geohash"),
            OptOut = optOut,
            MonitorContact = ParseContact(config["Monitor:Contact"]),
        };
        if (mode == MonitorMode.Distributed)
        {
            Require(settings.RabbitMq, "RabbitMq", "amqp://user:password@host:5672/");
            Require(settings.Postgres, "Postgres", "Host=...;Database=nip66;Username=...;Password=...");
            Require(settings.Redis, "Redis", "host:6379");
            if (!Uri.TryCreate(settings.RabbitMq, UriKind.Absolute, out var amqp) || amqp.Scheme is not ("amqp" or "amqps" or "rabbitmq"))
            {
                throw new ConfigurationException("RabbitMq", "must be an amqp:// or amqps:// URI");
            }
        }

        return settings;
    }

    private static CheckerOptions ParseChecker(IConfiguration config, RelayOptOut optOut)
    {
        var defaults = new CheckerOptions();
        return new CheckerOptions
        {
            Concurrency = ParseInt(config, "Checker:Concurrency", defaults.Concurrency, 1, 10_000),
            SchedulingDelayBound = TimeSpan.FromMilliseconds(ParseInt(config, "Checker:SchedulingDelayBoundMs", (int)defaults.SchedulingDelayBound.TotalMilliseconds, 1, 1_000)),
            AllowPrivateAddresses = ParseBool(config, "Checker:AllowPrivateAddresses"),
            TrustedRanges = TrustedRanges.TryParse(ParseList(config, "Guard:TrustedRanges"), out var trusted, out var error)
                ? trusted
                : throw new ConfigurationException("Guard:TrustedRanges", error),
            MaxConnectionsPerAddress = ParseInt(config, "Checker:MaxConnectionsPerAddress", defaults.MaxConnectionsPerAddress, 1, 1_000),
            OptOut = optOut,
        };
    }

    /// <summary>Retention in whole days; rollups are kept for good unless <c>Retention:RollupDays</c> is set.</summary>
    private static MaintenanceOptions ParseRetention(IConfiguration config)
    {
        var defaults = new MaintenanceOptions();
        var retention = new MaintenanceOptions
        {
            RawRetention = TimeSpan.FromDays(ParseInt(config, "Retention:RawDays", (int)defaults.RawRetention.TotalDays, 1, 3650)),
            EventLogRetention = TimeSpan.FromDays(ParseInt(config, "Retention:EventLogDays", (int)defaults.EventLogRetention.TotalDays, 1, 3650)),
            RollupRetention = config["Retention:RollupDays"] is { Length: > 0 } ? TimeSpan.FromDays(ParseInt(config, "Retention:RollupDays", 0, 1, 36500)) : defaults.RollupRetention,
        };
        return retention.RollupRetention < retention.RawRetention
            ? throw new ConfigurationException("Retention:RollupDays", $"must be at least Retention:RawDays ({retention.RawRetention.TotalDays}): the rollups are what is left of older hours")
            : retention;
    }

    private static DiscoveryOptions ParseDiscovery(IConfiguration config)
    {
        var defaults = new DiscoveryOptions();
        return new DiscoveryOptions
        {
            Enabled = config["Discovery:Enabled"] is { Length: > 0 } ? ParseBool(config, "Discovery:Enabled") : defaults.Enabled,
            Relays = ParseList(config, "Discovery:Relays").Select(text => RelayUrl.TryParse(text, out var url, out var error)
                ? url.Value
                : throw new ConfigurationException("Discovery:Relays", error)).Distinct().ToArray(),
            Interval = TimeSpan.FromSeconds(ParseInt(config, "Discovery:IntervalSeconds", (int)defaults.Interval.TotalSeconds, 10, 86_400)),
            EventsPerSource = ParseInt(config, "Discovery:EventsPerSource", defaults.EventsPerSource, 1, 1_000_000),
            PerHostLimit = ParseInt(config, "Discovery:PerHostLimit", defaults.PerHostLimit, 1, 100_000),
            ValidationsPerCycle = ParseInt(config, "Discovery:ValidationsPerCycle", defaults.ValidationsPerCycle, 0, 1_000_000),
            MaxTries = ParseInt(config, "Discovery:MaxTries", defaults.MaxTries, 1, 10_000),
            RetireOfflineAfter = TimeSpan.FromDays(ParseInt(config, "Discovery:RetireOfflineDays", (int)defaults.RetireOfflineAfter.TotalDays, 1, 3650)),
        };
    }

    private static void Require(string? value, string key, string example)
    {
        if (value is null)
        {
            throw new ConfigurationException(key, $"is required in distributed mode (for example {example}; environment variable NIP66_{key.ToUpperInvariant()})");
        }
    }

    /// <summary>Each entry is a host name (covering its subdomains) or a ws:// or wss:// URL (covering paths under it).</summary>
    private static RelayOptOut ParseOptOut(string[] entries)
    {
        var hosts = new List<string>();
        var urls = new List<string>();
        foreach (var entry in entries)
        {
            if (entry.Contains("://", StringComparison.Ordinal))
            {
                urls.Add(RelayUrl.TryParse(entry, out var url, out var error) ? url.Value : throw new ConfigurationException("OptOut", error));
            }
            else if (Uri.CheckHostName(entry.TrimEnd('.')) is UriHostNameType.Dns or UriHostNameType.IPv4 or UriHostNameType.IPv6)
            {
                hosts.Add(entry);
            }
            else
            {
                throw new ConfigurationException("OptOut", $"'{entry}' is neither a host name (relay.example.com) nor a relay URL (wss://relay.example.com/path)");
            }
        }

        return hosts.Count + urls.Count == 0 ? RelayOptOut.None : new RelayOptOut(hosts, urls);
    }

    /// <summary>The contact goes inside the User-Agent comment, so it must be one printable line without parentheses.</summary>
    private static string? ParseContact(string? text)
    {
        var contact = Blank(text);
        return contact is null || MonitorUserAgent.IsCommentSafe(contact)
            ? contact
            : throw new ConfigurationException("Monitor:Contact", "must be one line of printable ASCII, at most 200 characters, without parentheses or backslashes (for example mailto:ops@example.com)");
    }

    /// <summary>The website goes into the kind 0 profile and the User-Agent comment: an http(s) URL, comment-safe.</summary>
    private static string? ParseWebsite(string? text)
    {
        var website = Blank(text);
        return website is null || (Uri.TryCreate(website, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && MonitorUserAgent.IsCommentSafe(website))
            ? website
            : throw new ConfigurationException("Monitor:Website", "must be an http:// or https:// URL of printable ASCII, at most 200 characters, without parentheses or backslashes (for example https://monitor.example.com)");
    }

    /// <summary>A check by its name (<see cref="ContractNames"/>); NIP-66's <c>geo</c> is named as such, since it is never run.</summary>
    private static CheckType ParseCheck(string name) =>
        ContractNames.TryParseCheck(name, out var check) ? check
        : string.Equals(name, "geo", StringComparison.OrdinalIgnoreCase)
            ? throw new ConfigurationException("Checks", "'geo' is not a check this monitor runs (it has no GeoIP database): remove it; the 10166 announces only checks that run")
            : throw new ConfigurationException("Checks", $"unknown check '{name}'; known: {string.Join(", ", Enum.GetValues<CheckType>().Select(c => c.Name()))}");

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static MonitorRoles ParseRoles(IConfiguration config)
    {
        var roles = MonitorRoles.None;
        foreach (var name in ParseList(config, "Roles"))
        {
            roles |= Enum.TryParse<MonitorRoles>(name, ignoreCase: true, out var role) && role != MonitorRoles.None
                ? role
                : throw new ConfigurationException("Roles", $"unknown role '{name}'; known: scheduler, checker, publisher, persistence, web");
        }

        return roles == MonitorRoles.None ? MonitorRoles.All : roles;
    }

    private static T ParseEnum<T>(IConfiguration config, string key, T fallback)
        where T : struct, Enum
    {
        var text = config[key];
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }

        return Enum.TryParse<T>(text, ignoreCase: true, out var value) && Enum.IsDefined(value)
            ? value
            : throw new ConfigurationException(key, $"'{text}' is not one of {string.Join(", ", Enum.GetNames<T>().Select(n => n.ToLowerInvariant()))}");
    }

    private static bool ParseBool(IConfiguration config, string key)
    {
        var text = config[key];
        return string.IsNullOrWhiteSpace(text) ? false
            : bool.TryParse(text, out var value) ? value
            : throw new ConfigurationException(key, $"'{text}' is not true or false");
    }

    private static int ParseInt(IConfiguration config, string key, int fallback, int min, int max)
    {
        var text = config[key];
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }

        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw new ConfigurationException(key, $"'{text}' is not a whole number from {min} to {max}");
    }

    /// <summary>A list given as one comma-separated value or as a JSON array (Key:0, Key:1, ...).</summary>
    private static string[] ParseList(IConfiguration config, string key)
    {
        var section = config.GetSection(key);
        var values = section.Value is { } single
            ? single.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            : section.GetChildren().Select(c => c.Value?.Trim()).OfType<string>().Where(v => v.Length > 0).ToArray();
        return values;
    }
}
