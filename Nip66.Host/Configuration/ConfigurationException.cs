namespace Nip66.Host.Configuration;

/// <summary>A configuration value that cannot be used; the message names the key and the reason.</summary>
public sealed class ConfigurationException(string key, string reason) : Exception($"configuration key '{key}': {reason}")
{
    public string Key { get; } = key;
}
