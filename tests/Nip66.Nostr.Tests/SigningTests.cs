using Nip66.Nostr;

namespace Nip66.Nostr.Tests;

public class SigningTests
{
    private static readonly NostrEvent Nip13Event = new(
        "000006d8c378af1779d2feebc7603a125d99eca0ccf1085959b307f64e5dd358",
        "a48380f4cfcc1ad5378294fcac36439770f9c878dd880ffa94bb74ea54a6f243",
        1651794653,
        1,
        [["nonce", "776797", "20"]],
        "It's just me mining my own business",
        "284622fc0a3f4f1303455d5175f7ba962a3300d136085b9566801bc2e0699de0c7e31e44c81fb40ad9049173742e904713c3594a1da0fc5d2382a25c11aba977");

    private static readonly byte[] Aux = Convert.FromHexString("00000000000000000000000000000000000000000000000000000000000000aa");

    private static NostrKeys Keys(byte last)
    {
        var secret = new byte[32];
        secret[31] = last;
        return NostrKeys.FromSecret(secret);
    }

    private static UnsignedEvent Draft(string content = "hello") =>
        new(1700000000, 30166, [["d", "wss://relay.example.com/"], ["n", "clearnet"]], content);

    [Fact]
    public void Nip13_example_verifies()
    {
        Assert.Equal(EventValidity.Valid, EventVerifier.Check(Nip13Event));
        Assert.True(EventVerifier.IsValid(Nip13Event));
    }

    [Fact]
    public void Nip13_example_id_has_twenty_leading_zero_bits()
    {
        var id = Convert.FromHexString(Nip13Event.Id);

        Assert.Equal(0, id[0]);
        Assert.Equal(0, id[1]);
        Assert.Equal(0, id[2] & 0xf0);
    }

    [Fact]
    public void Tampered_fields_of_the_nip13_example_are_an_id_mismatch()
    {
        Assert.Equal(EventValidity.IdMismatch, EventVerifier.Check(Nip13Event with { Content = Nip13Event.Content + "." }));
        Assert.Equal(EventValidity.IdMismatch, EventVerifier.Check(Nip13Event with { CreatedAt = Nip13Event.CreatedAt + 1 }));
        Assert.Equal(EventValidity.IdMismatch, EventVerifier.Check(Nip13Event with { Kind = 2 }));
        Assert.Equal(EventValidity.IdMismatch, EventVerifier.Check(Nip13Event with { Tags = [["nonce", "776798", "20"]] }));
        Assert.Equal(EventValidity.IdMismatch, EventVerifier.Check(Nip13Event with { Id = Nip13Event.Id.ToUpperInvariant() }));
        Assert.Equal(EventValidity.IdMismatch, EventVerifier.Check(Nip13Event with { Id = "1" + Nip13Event.Id[1..] }));
    }

    [Fact]
    public void A_changed_signature_is_a_bad_signature()
    {
        var flipped = Nip13Event.Sig[..^1] + (Nip13Event.Sig[^1] == '7' ? '8' : '7');

        Assert.Equal(EventValidity.BadSignature, EventVerifier.Check(Nip13Event with { Sig = flipped }));
        Assert.Equal(EventValidity.BadSignature, EventVerifier.Check(Nip13Event with { Sig = Nip13Event.Sig.ToUpperInvariant() }));
        Assert.Equal(EventValidity.BadSignature, EventVerifier.Check(Nip13Event with { Sig = Nip13Event.Sig[..^2] }));
        Assert.Equal(EventValidity.BadSignature, EventVerifier.Check(Nip13Event with { Sig = new string('z', 128) }));
        Assert.Equal(EventValidity.BadSignature, EventVerifier.Check(Nip13Event with { Sig = new string('0', 128) }));
    }

    [Fact]
    public void Another_authors_valid_signature_does_not_verify()
    {
        var theirs = Draft().Sign(Keys(1), Aux);
        var mine = Draft().Sign(Keys(2), Aux);

        Assert.Equal(EventValidity.BadSignature, EventVerifier.Check(mine with { Sig = theirs.Sig }));
    }

    [Fact]
    public void A_pubkey_off_the_curve_is_a_bad_signature_not_an_exception()
    {
        // x = 5 has no point on secp256k1 (5^3 + 7 = 132 is not a square mod p); the id is made to match it.
        var pubKey = new string('0', 63) + "5";
        var id = Hex.Encode(EventBuilder.ComputeId(pubKey, Nip13Event.CreatedAt, 1, Nip13Event.Tags, Nip13Event.Content));

        Assert.Equal(EventValidity.BadSignature, EventVerifier.Check(Nip13Event with { PubKey = pubKey, Id = id }));
    }

    [Fact]
    public void Signed_event_carries_the_key_and_verifies()
    {
        var keys = Keys(3);

        var e = Draft().Sign(keys, Aux);

        Assert.Equal(keys.PublicKeyHex, e.PubKey);
        Assert.Equal(Hex.Encode(EventBuilder.ComputeId(keys.PublicKeyHex, 1700000000, 30166, Draft().Tags, "hello")), e.Id);
        Assert.True(Hex.IsLowerHex(e.Sig, 64));
        Assert.Equal(EventValidity.Valid, EventVerifier.Check(e));
        Assert.Equal(EventValidity.Valid, EventVerifier.Check(EventParser.Parse(e.ToJson())));
    }

    [Fact]
    public void Signing_with_fixed_aux_is_deterministic_and_aux_changes_the_signature()
    {
        var keys = Keys(3);
        var otherAux = (byte[])Aux.Clone();
        otherAux[0] = 1;

        var a = Draft().Sign(keys, Aux);
        var b = Draft().Sign(keys, Aux);
        var c = Draft().Sign(keys, otherAux);

        Assert.Equal(a.Sig, b.Sig);
        Assert.NotEqual(a.Sig, c.Sig);
        Assert.Equal(a.Id, c.Id);
        Assert.True(EventVerifier.IsValid(c));
    }

    [Fact]
    public void Signing_without_aux_uses_fresh_randomness()
    {
        var keys = Keys(3);

        var a = Draft().Sign(keys);
        var b = Draft().Sign(keys);

        Assert.NotEqual(a.Sig, b.Sig);
        Assert.True(EventVerifier.IsValid(a));
        Assert.True(EventVerifier.IsValid(b));
    }

    [Fact]
    public void Secret_one_gives_the_generator_x_coordinate()
    {
        Assert.Equal("79be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798", Keys(1).PublicKeyHex);
    }

    [Fact]
    public void Keys_parse_from_hex_and_nsec_alike()
    {
        const string hex = "67dea2ed018072d675f5415ecfaed7d2597555e202d85b3d65ea4e58d2d92ffa";
        const string nsec = "nsec1vl029mgpspedva04g90vltkh6fvh240zqtv9k0t9af8935ke9laqsnlfe5";

        var fromHex = NostrKeys.Parse(hex);
        var fromUpperHex = NostrKeys.Parse(" " + hex.ToUpperInvariant() + "\n");
        var fromNsec = NostrKeys.Parse(nsec + "\n");

        Assert.Equal(fromHex.PublicKeyHex, fromNsec.PublicKeyHex);
        Assert.Equal(fromHex.PublicKeyHex, fromUpperHex.PublicKeyHex);
        Assert.Equal(nsec, fromHex.ToNsec());
        Assert.StartsWith("npub1", fromHex.Npub, StringComparison.Ordinal);
        Assert.Equal(fromHex.PublicKeyHex, Nip19.DecodeNpub(fromHex.Npub));
    }

    [Theory]
    [InlineData("0000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141")]
    [InlineData("ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff")]
    [InlineData("67dea2ed018072d675f5415ecfaed7d2597555e202d85b3d65ea4e58d2d92ffz")]
    [InlineData("67dea2ed018072d675f5415ecfaed7d2597555e202d85b3d65ea4e58d2d92f")]
    [InlineData("nsec1vl029mgpspedva04g90vltkh6fvh240zqtv9k0t9af8935ke9laqsnlfe6")]
    [InlineData("npub10elfcs4fr0l0r8af98jlmgdh9c8tcxjvz9qkw038js35mp4dma8qzvjptg")]
    [InlineData("")]
    public void Invalid_secrets_are_refused_without_echoing_them(string text)
    {
        var e = Assert.Throws<FormatException>(() => NostrKeys.Parse(text));

        if (text.Length > 8)
        {
            Assert.DoesNotContain(text, e.Message, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(text[..16], e.Message, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public void ToString_shows_the_npub_and_never_the_secret()
    {
        var keys = NostrKeys.Generate();
        var nsec = keys.ToNsec();
        var secretHex = Hex.Encode(Nip19.DecodeNsec(nsec));

        var text = keys.ToString();

        Assert.Contains(keys.Npub, text, StringComparison.Ordinal);
        Assert.DoesNotContain(nsec, text, StringComparison.Ordinal);
        Assert.DoesNotContain(secretHex, text, StringComparison.Ordinal);
    }

    [Fact]
    public void Generated_keys_differ_and_round_trip_through_nsec()
    {
        var a = NostrKeys.Generate();
        var b = NostrKeys.Generate();

        Assert.NotEqual(a.PublicKeyHex, b.PublicKeyHex);
        Assert.Equal(a.PublicKeyHex, NostrKeys.Parse(a.ToNsec()).PublicKeyHex);
    }

    [Fact]
    public void Raw_verification_accepts_the_nip13_signature_and_refuses_a_wrong_message()
    {
        var pubKey = Convert.FromHexString(Nip13Event.PubKey);
        var id = Convert.FromHexString(Nip13Event.Id);
        var sig = Convert.FromHexString(Nip13Event.Sig);
        var otherId = (byte[])id.Clone();
        otherId[31] ^= 1;

        Assert.True(Schnorr.Verify(pubKey, id, sig));
        Assert.False(Schnorr.Verify(pubKey, otherId, sig));
        Assert.False(Schnorr.Verify(pubKey.AsSpan(0, 31), id, sig));
        Assert.False(Schnorr.Verify(pubKey, id, sig.AsSpan(0, 63)));
        Assert.Throws<ArgumentException>(() => Schnorr.Verify(pubKey, id.AsSpan(0, 31), sig));
    }
}
