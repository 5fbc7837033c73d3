using Nip66.Contracts;
using Nip66.Nostr;
using Nip66.TestSupport;

namespace Nip66.Checker.Tests;

/// <summary>Relays that work but send hostile text: each gets a whole result, every string of it safe to store.</summary>
public sealed class HostileTextTests
{
    public static TheoryData<string> Reasons => [.. HostileRelay.HostileReasons];

    public static TheoryData<string> Nip11s => [.. HostileRelay.HostileNip11s];

    [Theory]
    [MemberData(nameof(Reasons))]
    public async Task A_hostile_ok_reason_is_a_safe_refusal_of_the_write(string behaviour)
    {
        await using var relay = await HostileRelay.StartAsync();

        var (result, _) = await HostileInputTests.CheckAsync(relay.Url(behaviour));

        Assert.Equal(RelayStatus.Online, result.Status);
        var write = HostileInputTests.Outcome(result, CheckType.Write);
        Assert.Equal(FailureClass.Restricted, write.Failure);
        Assert.True(SafeText.IsClean(write.Message!), write.Message);
        Assert.Equal(write.Message, result.Failure?.Message);
        Assert.Equal(behaviour switch
        {
            "nul-reason" => "blocked: a\uFFFDb",
            "surrogate-reason" => "blocked: \uFFFD alone",
            _ => HostileRelay.EmojiCutPrefix + new string('x', 290),
        }, write.Message);
    }

    [Theory]
    [MemberData(nameof(Nip11s))]
    public async Task A_hostile_nip11_is_read_and_kept_safe(string behaviour)
    {
        await using var relay = await HostileRelay.StartAsync();

        var (result, _) = await HostileInputTests.CheckAsync(relay.Url(behaviour));

        Assert.Equal(RelayStatus.Online, result.Status);
        Assert.True(HostileInputTests.Outcome(result, CheckType.Nip11).Success);
        var document = Assert.IsType<Nip11Document>(result.Nip11);
        var json = document.Json;
        Assert.True(SafeText.IsClean(json));
        Assert.DoesNotContain("\\u", json, StringComparison.Ordinal);
        switch (behaviour)
        {
            case "nul-nip11":
                Assert.Equal("a\uFFFDb", document.Name);
                Assert.Contains("\"k\uFFFDey\":\"value\"", json, StringComparison.Ordinal);
                break;
            case "surrogate-nip11":
                Assert.Equal("\uFFFD", document.Name);
                Assert.Equal("low \uFFFD then high \uFFFD", document.Description);
                Assert.Contains("\"\uFFFDkey\":[\"\uFFFD\"]", json, StringComparison.Ordinal);
                break;
            case "big-nip11":
                Assert.Equal(HostileRelay.BigNip11DescriptionLength, document.Description!.Length);
                break;
            case "typed-nip11":
                Assert.Null(document.Name);
                Assert.Equal([11], document.SupportedNips);
                break;
            default:
                Assert.Fail($"no expectation for {behaviour}");
                break;
        }
    }
}
