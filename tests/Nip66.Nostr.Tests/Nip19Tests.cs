using Nip66.Nostr;

namespace Nip66.Nostr.Tests;

public class Nip19Tests
{
    private const string SpecNpub = "npub10elfcs4fr0l0r8af98jlmgdh9c8tcxjvz9qkw038js35mp4dma8qzvjptg";
    private const string SpecNpubHex = "7e7e9c42a91bfef19fa929e5fda1b72e0ebc1a4c1141673e2794234d86addf4e";
    private const string SpecNsec = "nsec1vl029mgpspedva04g90vltkh6fvh240zqtv9k0t9af8935ke9laqsnlfe5";
    private const string SpecNsecHex = "67dea2ed018072d675f5415ecfaed7d2597555e202d85b3d65ea4e58d2d92ffa";

    [Fact]
    public void Spec_npub_example_decodes_and_encodes()
    {
        Assert.Equal(SpecNpubHex, Nip19.DecodeNpub(SpecNpub));
        Assert.Equal(SpecNpub, Nip19.EncodeNpub(SpecNpubHex));
    }

    [Fact]
    public void Spec_bare_key_example_decodes_and_encodes()
    {
        const string hex = "3bf0c63fcb93463407af97a5e5ee64fa883d107ef9e558472c4eb9aaaefa459d";
        const string npub = "npub180cvv07tjdrrgpa0j7j7tmnyl2yr6yr7l8j4s3evf6u64th6gkwsyjh6w6";

        Assert.Equal(npub, Nip19.EncodeNpub(hex));
        Assert.Equal(hex, Nip19.DecodeNpub(npub));
    }

    [Fact]
    public void Spec_nsec_example_decodes_and_encodes()
    {
        Assert.Equal(SpecNsecHex, Hex.Encode(Nip19.DecodeNsec(SpecNsec)));
        Assert.Equal(SpecNsec, Nip19.EncodeNsec(Convert.FromHexString(SpecNsecHex)));
    }

    [Fact]
    public void Spec_nprofile_example_is_valid_bech32_but_not_an_npub()
    {
        const string nprofile = "nprofile1qqsrhuxx8l9ex335q7he0f09aej04zpazpl0ne2cgukyawd24mayt8gpp4mhxue69uhhytnc9e3k7mgpz4mhxue69uhkg6nzv9ejuumpv34kytnrdaksjlyr9p";

        var (hrp, data) = Bech32.Decode(nprofile);

        Assert.Equal("nprofile", hrp);
        Assert.Equal(0, data[0]);
        Assert.Equal(32, data[1]);
        Assert.Equal("3bf0c63fcb93463407af97a5e5ee64fa883d107ef9e558472c4eb9aaaefa459d", Hex.Encode(data.AsSpan(2, 32)));
        Assert.Equal(1, data[34]);
        Assert.Equal("wss://r.x.com", System.Text.Encoding.ASCII.GetString(data, 36, data[35]));
        var e = Assert.Throws<FormatException>(() => Nip19.DecodeNpub(nprofile));
        Assert.Contains("npub", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Random_keys_round_trip()
    {
        for (var i = 0; i < 50; i++)
        {
            var bytes = System.Security.Cryptography.RandomNumberGenerator.GetBytes(32);
            var hex = Hex.Encode(bytes);

            Assert.Equal(hex, Nip19.DecodeNpub(Nip19.EncodeNpub(hex)));
            Assert.Equal(bytes, Nip19.DecodeNsec(Nip19.EncodeNsec(bytes)));
        }
    }

    [Fact]
    public void Edge_keys_round_trip()
    {
        foreach (var hex in new[] { new string('0', 64), new string('f', 64), "00" + new string('f', 62), new string('f', 62) + "00" })
        {
            var npub = Nip19.EncodeNpub(hex);

            Assert.Equal(63, npub.Length);
            Assert.Equal(hex, Nip19.DecodeNpub(npub));
        }
    }

    [Fact]
    public void Upper_case_strings_are_accepted()
    {
        Assert.Equal(SpecNpubHex, Nip19.DecodeNpub(SpecNpub.ToUpperInvariant()));
        Assert.Equal(SpecNsecHex, Hex.Encode(Nip19.DecodeNsec(SpecNsec.ToUpperInvariant())));
    }

    [Fact]
    public void Mixed_case_is_refused()
    {
        var mixed = "NPUB" + SpecNpub[4..];

        var e = Assert.Throws<FormatException>(() => Nip19.DecodeNpub(mixed));

        Assert.Contains("case", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(SpecNpub, 62)]
    [InlineData(SpecNpub, 10)]
    [InlineData(SpecNpub, 5)]
    [InlineData(SpecNsec, 30)]
    public void A_changed_character_breaks_the_checksum(string valid, int position)
    {
        var c = valid[position] == 'q' ? 'p' : 'q';
        var broken = valid[..position] + c + valid[(position + 1)..];

        var e = Assert.Throws<FormatException>(() => Bech32.Decode(broken));

        Assert.Contains("checksum", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Swapped_characters_break_the_checksum()
    {
        var swapped = SpecNpub[..20] + SpecNpub[21] + SpecNpub[20] + SpecNpub[22..];

        Assert.Throws<FormatException>(() => Nip19.DecodeNpub(swapped));
    }

    [Fact]
    public void Wrong_hrp_is_refused_both_ways()
    {
        var asNsec = Assert.Throws<FormatException>(() => Nip19.DecodeNsec(SpecNpub));
        var asNpub = Assert.Throws<FormatException>(() => Nip19.DecodeNpub(SpecNsec));

        Assert.Contains("nsec", asNsec.Message, StringComparison.Ordinal);
        Assert.Contains("npub", asNpub.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Note_ids_are_not_keys()
    {
        var note = Bech32.Encode("note", new byte[32]);

        Assert.Throws<FormatException>(() => Nip19.DecodeNpub(note));
        Assert.Throws<FormatException>(() => Nip19.DecodeNsec(note));
    }

    [Theory]
    [InlineData(31)]
    [InlineData(33)]
    [InlineData(0)]
    public void Payloads_other_than_32_bytes_are_refused(int length)
    {
        var npub = Bech32.Encode("npub", new byte[length]);

        var e = Assert.Throws<FormatException>(() => Nip19.DecodeNpub(npub));

        Assert.Contains("32 bytes", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bip173_valid_strings_decode()
    {
        string[] valid =
        [
            "A12UEL5L",
            "a12uel5l",
            "an83characterlonghumanreadablepartthatcontainsthenumber1andtheexcludedcharactersbio1tt5tgs",
            "abcdef1qpzry9x8gf2tvdw0s3jn54khce6mua7lmqqqxw",
            "11qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqc8247j",
            "split1checkupstagehandshakeupstreamerranterredcaperred2y9e3w",
            "?1ezyfcl",
        ];

        foreach (var text in valid)
        {
            var (hrp, _) = Bech32.Decode(text);
            Assert.Equal(text[..text.LastIndexOf('1')].ToLowerInvariant(), hrp);
        }
    }

    [Theory]
    [InlineData("\u00201nwldj5")]
    [InlineData("\u007f1axkwrx")]
    [InlineData("\u00801eym55h")]
    [InlineData("pzry9x0s0muk")]
    [InlineData("1pzry9x0s0muk")]
    [InlineData("x1b4n0q5v")]
    [InlineData("li1dgmt3")]
    [InlineData("de1lg7wt\u00ff")]
    [InlineData("A1G7SGD8")]
    [InlineData("10a06t8")]
    [InlineData("1qzzfhee")]
    [InlineData("")]
    [InlineData("npub1")]
    public void Bip173_invalid_strings_are_refused(string text)
    {
        Assert.Throws<FormatException>(() => Bech32.Decode(text));
    }

    [Fact]
    public void Surrounding_whitespace_is_ignored()
    {
        Assert.Equal(SpecNpubHex, Nip19.DecodeNpub("  " + SpecNpub + "\n"));
    }

    [Fact]
    public void Overlong_input_is_refused()
    {
        Assert.Throws<FormatException>(() => Bech32.Decode("npub1" + new string('q', 2000)));
    }
}
