using System.Text.Json;
using Nip66.Contracts;

namespace Nip66.Checker.Tests;

/// <summary>Which checks run with the SSRF guard: decided per command, with a config switch for private networks.</summary>
public sealed class CheckRelayGuardTests
{
    private static readonly CheckRelay Command = new()
    {
        CycleId = Guid.NewGuid(),
        Index = 0,
        Url = "wss://relay.example.com/",
    };

    [Fact]
    public void A_command_without_the_flag_is_guarded()
    {
        var options = CheckRelayConsumer.ProbeOptionsFor(new ProbeOptions(), new CheckerOptions(), Command);

        Assert.False(options.Client.AllowPrivateAddresses);
    }

    [Fact]
    public void An_operator_relay_or_the_config_switch_allows_private_addresses()
    {
        Assert.True(CheckRelayConsumer.ProbeOptionsFor(new ProbeOptions(), new CheckerOptions(), Command with { AllowPrivateAddresses = true })
            .Client.AllowPrivateAddresses);
        Assert.True(CheckRelayConsumer.ProbeOptionsFor(new ProbeOptions(), new CheckerOptions { AllowPrivateAddresses = true }, Command)
            .Client.AllowPrivateAddresses);
    }

    [Fact]
    public void A_command_from_before_the_flag_still_deserializes_and_is_guarded()
    {
        const string older = """{"cycleId":"9f1c2d3e-0000-0000-0000-000000000001","index":3,"url":"wss://relay.example.com/","requestedAt":"2026-11-25T00:00:00Z"}""";

        var command = JsonSerializer.Deserialize<CheckRelay>(older, JsonSerializerOptions.Web)!;

        Assert.Equal(3, command.Index);
        Assert.False(command.AllowPrivateAddresses);
    }
}
