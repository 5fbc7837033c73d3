namespace Nip66.Nostr;

/// <summary>A connection could not be opened. The message may quote the relay or the TLS stack, so it is <see cref="SafeText"/>.</summary>
public sealed class RelayConnectException(ConnectFailure failure, string message, int? httpStatus = null, Exception? inner = null)
    : Exception(SafeText.Clean(message), inner)
{
    public ConnectFailure Failure { get; } = failure;

    public int? HttpStatus { get; } = httpStatus;
}
