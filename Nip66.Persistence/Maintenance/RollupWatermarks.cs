using System.Globalization;
using Microsoft.EntityFrameworkCore;

namespace Nip66.Persistence.Maintenance;

/// <summary>
/// How far the rollup has got, kept in monitor_settings between runs (see <see cref="MaintenanceService"/>):
/// the check_results id to read on from, the highest id the last run read, and the hour before which raw rows may be
/// pruned (hours before it are closed).
/// </summary>
internal sealed record RollupWatermarks(long ScanFrom, long? LastMaxId, DateTimeOffset? PrunedBefore)
{
    internal const string ScanFromKey = "maintenance.rollup.scan_from";
    internal const string LastMaxIdKey = "maintenance.rollup.last_max_id";
    internal const string PrunedBeforeKey = "maintenance.raw.pruned_before";

    private static readonly string[] Keys = [ScanFromKey, LastMaxIdKey, PrunedBeforeKey];

    /// <summary>The stored watermarks; before the first run, scan from the start with nothing read or closed.</summary>
    public static async Task<RollupWatermarks> ReadAsync(MonitorDbContext db, CancellationToken cancellationToken)
    {
        var settings = await db.MonitorSettings.AsNoTracking()
            .Where(s => Keys.Contains(s.Key))
            .ToDictionaryAsync(s => s.Key, StringComparer.Ordinal, cancellationToken).ConfigureAwait(false);
        return new RollupWatermarks(
            ReadLong(settings, ScanFromKey) ?? 0,
            ReadLong(settings, LastMaxIdKey),
            ReadLong(settings, PrunedBeforeKey) is { } ticks ? new DateTimeOffset(ticks, TimeSpan.Zero) : null);
    }

    /// <summary>Stores the watermarks a run ends with, in one save.</summary>
    public static async Task WriteAsync(MonitorDbContext db, long scanFrom, long lastMaxId, DateTimeOffset prunedBefore, CancellationToken cancellationToken)
    {
        (string Key, long Value)[] values = [(ScanFromKey, scanFrom), (LastMaxIdKey, lastMaxId), (PrunedBeforeKey, prunedBefore.UtcTicks)];
        var stored = await db.MonitorSettings
            .Where(s => Keys.Contains(s.Key))
            .ToDictionaryAsync(s => s.Key, StringComparer.Ordinal, cancellationToken).ConfigureAwait(false);
        foreach (var (key, value) in values)
        {
            var text = value.ToString(CultureInfo.InvariantCulture);
            if (stored.TryGetValue(key, out var setting))
            {
                setting.Value = text;
            }
            else
            {
                db.MonitorSettings.Add(new MonitorSetting { Key = key, Value = text });
            }
        }

        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        db.ChangeTracker.Clear();
    }

    private static long? ReadLong(Dictionary<string, MonitorSetting> settings, string key) =>
        settings.TryGetValue(key, out var setting) && long.TryParse(setting.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value
            : null;
}
