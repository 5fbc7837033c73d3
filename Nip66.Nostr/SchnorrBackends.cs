namespace Nip66.Nostr;

/// <summary>
/// Picks the backend once per process: native libsecp256k1 when it loads (several times faster, see
/// docs/benchmarks.md), NBitcoin's pure C# otherwise. <c>NIP66_SIGNING=managed</c> forces the managed one.
/// </summary>
public static class SchnorrBackends
{
    internal static ISchnorrBackend Managed { get; } = new ManagedSchnorr();

    /// <summary>Null when libsecp256k1.so.1 is not installed.</summary>
    internal static ISchnorrBackend? Native { get; } = NativeSchnorr.TryCreate();

    internal static ISchnorrBackend Active { get; } =
        string.Equals(Environment.GetEnvironmentVariable("NIP66_SIGNING"), "managed", StringComparison.OrdinalIgnoreCase)
            ? Managed
            : Native ?? Managed;

    /// <summary>The name of the backend in use, for the startup log line.</summary>
    public static string ActiveName => Active.Name;
}
