using System.Security.Cryptography;
using Nip66.Nostr;

namespace Nip66.Checker.Tests;

/// <summary>A monitor key whose every signature takes a set time, to show which stopwatches a signature is inside.</summary>
internal sealed class SlowSigning(TimeSpan delay) : ISchnorrBackend
{
    public string Name => "slow";

    public static NostrKeys Keys(TimeSpan delay) => NostrKeys.FromSecret(RandomNumberGenerator.GetBytes(32), new SlowSigning(delay));

    public ISchnorrSecret? CreateSecret(ReadOnlySpan<byte> secret32) =>
        SchnorrBackends.Managed.CreateSecret(secret32) is { } secret ? new Secret(secret, delay) : null;

    public bool Verify(ReadOnlySpan<byte> xOnlyPubKey32, ReadOnlySpan<byte> message32, ReadOnlySpan<byte> signature64) =>
        SchnorrBackends.Managed.Verify(xOnlyPubKey32, message32, signature64);

    private sealed class Secret(ISchnorrSecret inner, TimeSpan delay) : ISchnorrSecret
    {
        public void WriteXOnlyPublicKey(Span<byte> output32) => inner.WriteXOnlyPublicKey(output32);

        public void WriteSecret(Span<byte> output32) => inner.WriteSecret(output32);

        public void Sign(ReadOnlySpan<byte> message32, ReadOnlySpan<byte> aux32, Span<byte> signature64)
        {
            Thread.Sleep(delay);
            inner.Sign(message32, aux32, signature64);
        }
    }
}
