using Nip66.Nostr;

namespace Nip66.Nostr.Tests;

/// <summary>
/// The official BIP-340 vectors (bitcoin/bips, bip-0340/test-vectors.csv). Nostr signs 32-byte ids only, so the four
/// vectors with other message lengths (added 2022-12) must be refused rather than verified or signed.
/// </summary>
public class Bip340VectorTests
{
    public sealed record Vector(int Index, string SecretKey, string PublicKey, string Aux, string Message, string Signature, bool Result, string Comment)
    {
        public override string ToString() => $"#{Index} {Comment}";
    }

    private static readonly Lazy<Vector[]> All = new(Load);

    public static TheoryData<int> SigningVectors() =>
        new(All.Value.Where(v => v.SecretKey.Length > 0 && v.Message.Length == 64).Select(v => v.Index));

    public static TheoryData<int> VerificationVectors() =>
        new(All.Value.Where(v => v.Message.Length == 64).Select(v => v.Index));

    public static TheoryData<int> OtherLengthVectors() =>
        new(All.Value.Where(v => v.Message.Length != 64).Select(v => v.Index));

    internal static Vector Get(int index) => All.Value.Single(v => v.Index == index);

    private static Vector[] Load()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "bip340-test-vectors.csv");
        return File.ReadAllLines(path)
            .Skip(1)
            .Where(line => line.Length > 0)
            .Select(line => line.Split(',', 8))
            .Select(f => new Vector(int.Parse(f[0], System.Globalization.CultureInfo.InvariantCulture), f[1], f[2], f[3], f[4], f[5], f[6] == "TRUE", f[7]))
            .ToArray();
    }

    [Fact]
    public void The_csv_is_the_full_official_set()
    {
        var all = All.Value;

        Assert.Equal(Enumerable.Range(0, 19), all.Select(v => v.Index));
        Assert.Equal(4, all.Count(v => v.SecretKey.Length > 0 && v.Message.Length == 64));
        Assert.Equal(10, all.Count(v => !v.Result));
        Assert.Equal(4, all.Count(v => v.Message.Length != 64));
    }

    [Theory]
    [MemberData(nameof(SigningVectors))]
    public void Signing_with_the_given_key_and_aux_gives_the_exact_signature(int index)
    {
        var v = Get(index);
        var keys = NostrKeys.FromSecret(Convert.FromHexString(v.SecretKey));

        var signature = keys.Sign(Convert.FromHexString(v.Message), Convert.FromHexString(v.Aux));

        Assert.Equal(v.PublicKey.ToLowerInvariant(), keys.PublicKeyHex);
        Assert.Equal(v.Signature.ToLowerInvariant(), Hex.Encode(signature));
    }

    [Theory]
    [MemberData(nameof(VerificationVectors))]
    public void Verification_agrees_with_the_expected_result(int index)
    {
        var v = Get(index);

        var verified = Schnorr.Verify(Convert.FromHexString(v.PublicKey), Convert.FromHexString(v.Message), Convert.FromHexString(v.Signature));

        Assert.Equal(v.Result, verified);
    }

    [Theory]
    [MemberData(nameof(VerificationVectors))]
    public void Verification_fails_once_the_message_changes(int index)
    {
        var v = Get(index);
        var message = Convert.FromHexString(v.Message);
        message[0] ^= 0x80;

        Assert.False(Schnorr.Verify(Convert.FromHexString(v.PublicKey), message, Convert.FromHexString(v.Signature)));
    }

    [Theory]
    [MemberData(nameof(OtherLengthVectors))]
    public void Messages_that_are_not_32_bytes_are_refused(int index)
    {
        var v = Get(index);
        var keys = NostrKeys.FromSecret(Convert.FromHexString(v.SecretKey));
        var message = Convert.FromHexString(v.Message);

        Assert.Throws<ArgumentException>(() => Schnorr.Verify(Convert.FromHexString(v.PublicKey), message, Convert.FromHexString(v.Signature)));
        Assert.Throws<ArgumentException>(() => keys.Sign(message, Convert.FromHexString(v.Aux)));
    }
}
