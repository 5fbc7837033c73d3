using System.Security.Cryptography;
using Nip66.Nostr;

namespace Nip66.Nostr.Tests;

/// <summary>
/// Native libsecp256k1 and NBitcoin's managed code must be interchangeable: the same key, message and aux give the
/// same signature byte for byte, and both agree on every verification vector.
/// </summary>
public class SigningBackendTests
{
    private static ISchnorrBackend Native =>
        SchnorrBackends.Native ?? throw new InvalidOperationException("libsecp256k1.so.1 did not load; scripts/install-deps installs libsecp256k1-1.");

    /// <summary>
    /// The suite runs on Debian, where our own scripts/install-deps installs libsecp256k1-1, so a missing library is a
    /// broken machine, not a reason to skip: this fails and names the package.
    /// </summary>
    [Fact]
    public void The_native_backend_is_loaded_and_active()
    {
        Assert.True(SchnorrBackends.Native is not null, "libsecp256k1.so.1 did not load; run scripts/install-deps (Debian package libsecp256k1-1).");
        var forcedManaged = string.Equals(Environment.GetEnvironmentVariable("NIP66_SIGNING"), "managed", StringComparison.OrdinalIgnoreCase);
        Assert.Same(forcedManaged ? SchnorrBackends.Managed : SchnorrBackends.Native, SchnorrBackends.Active);
    }

    [Theory]
    [MemberData(nameof(Bip340VectorTests.SigningVectors), MemberType = typeof(Bip340VectorTests))]
    public void Native_signing_gives_the_exact_vector_signature(int index)
    {
        var v = Bip340VectorTests.Get(index);
        var keys = NostrKeys.FromSecret(Convert.FromHexString(v.SecretKey), Native);

        var signature = keys.Sign(Convert.FromHexString(v.Message), Convert.FromHexString(v.Aux));

        Assert.Equal(v.PublicKey.ToLowerInvariant(), keys.PublicKeyHex);
        Assert.Equal(v.Signature.ToLowerInvariant(), Hex.Encode(signature));
    }

    [Theory]
    [MemberData(nameof(Bip340VectorTests.VerificationVectors), MemberType = typeof(Bip340VectorTests))]
    public void Native_and_managed_verification_agree_with_the_vector(int index)
    {
        var v = Bip340VectorTests.Get(index);
        byte[] pubKey = Convert.FromHexString(v.PublicKey), message = Convert.FromHexString(v.Message), signature = Convert.FromHexString(v.Signature);

        Assert.Equal(v.Result, Schnorr.Verify(Native, pubKey, message, signature));
        Assert.Equal(v.Result, Schnorr.Verify(SchnorrBackends.Managed, pubKey, message, signature));
    }

    [Fact]
    public void Random_events_sign_identically_and_cross_verify()
    {
        var random = new Random(340);
        for (var i = 0; i < 200; i++)
        {
            var secret = SHA256.HashData(BitConverter.GetBytes(i));
            var aux = new byte[32];
            random.NextBytes(aux);
            var draft = new UnsignedEvent(1_700_000_000 + i, 30166, [["d", $"wss://relay{i}.example.com/"], ["rtt-open", $"{i}"]], $"content {i} é😀");
            var native = draft.Sign(NostrKeys.FromSecret(secret, Native), aux);
            var managed = draft.Sign(NostrKeys.FromSecret(secret, SchnorrBackends.Managed), aux);

            Assert.Equal(managed, native with { Tags = managed.Tags });
            var (pubKey, id, sig) = (Convert.FromHexString(native.PubKey), Convert.FromHexString(native.Id), Convert.FromHexString(native.Sig));
            Assert.True(Schnorr.Verify(Native, pubKey, id, sig));
            Assert.True(Schnorr.Verify(SchnorrBackends.Managed, pubKey, id, sig));
            sig[i % 64] ^= 1;
            Assert.False(Schnorr.Verify(Native, pubKey, id, sig));
        }
    }

    [Fact]
    public void Invalid_scalars_are_refused_by_both_backends()
    {
        var order = Convert.FromHexString("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141");

        foreach (var backend in new[] { Native, SchnorrBackends.Managed })
        {
            Assert.Throws<FormatException>(() => NostrKeys.FromSecret(new byte[32], backend));
            Assert.Throws<FormatException>(() => NostrKeys.FromSecret(order, backend));
            Assert.Throws<FormatException>(() => NostrKeys.FromSecret(new byte[31], backend));
        }
    }

    [Fact]
    public void The_secret_round_trips_through_nsec_with_the_native_backend()
    {
        var secret = SHA256.HashData("nip66-nsec"u8);
        var keys = NostrKeys.FromSecret(secret, Native);

        var again = NostrKeys.Parse(keys.ToNsec());

        Assert.Equal(keys.PublicKeyHex, again.PublicKeyHex);
        Assert.Equal(NostrKeys.FromSecret(secret, SchnorrBackends.Managed).ToNsec(), keys.ToNsec());
    }
}
