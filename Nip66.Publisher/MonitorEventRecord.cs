namespace Nip66.Publisher;

/// <summary>One announcement in the <see cref="IMonitorEventLedger"/>: what was signed (fingerprint) and when.</summary>
public sealed record MonitorEventRecord(string Fingerprint, DateTimeOffset At);
