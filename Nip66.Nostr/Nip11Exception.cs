namespace Nip66.Nostr;

/// <summary>A NIP-11 fetch failed. The message may quote the relay or its HTTP stack, so it is <see cref="SafeText"/>.</summary>
public sealed class Nip11Exception(Nip11Failure failure, string message, int? httpStatus = null) : Exception(SafeText.Clean(message))
{
    public Nip11Failure Failure { get; } = failure;

    public int? HttpStatus { get; } = httpStatus;
}
