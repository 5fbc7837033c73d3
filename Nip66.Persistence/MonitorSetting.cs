namespace Nip66.Persistence;

/// <summary>A key/value setting (table <c>monitor_settings</c>). Never a private key.</summary>
public sealed class MonitorSetting
{
    public required string Key { get; set; }

    public required string Value { get; set; }
}
