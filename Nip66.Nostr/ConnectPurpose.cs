namespace Nip66.Nostr;

/// <summary>What a guarded connection is for, told to the <see cref="IHostResolver"/> with each lookup.</summary>
public enum ConnectPurpose
{
    WebSocket,
    Nip11,
}
