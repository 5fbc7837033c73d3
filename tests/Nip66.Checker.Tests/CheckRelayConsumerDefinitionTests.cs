using Nip66.Checker;

namespace Nip66.Checker.Tests;

public sealed class CheckRelayConsumerDefinitionTests
{
    [Theory]
    [InlineData(1, 4)]
    [InlineData(50, 200)]
    [InlineData(200, 800)]
    [InlineData(1000, 1600)]
    [InlineData(5000, 5600)]
    public void The_checker_takes_three_commands_per_check_slot_to_wait_for_their_hosts_and_at_most_600(int concurrency, int commandsInHand)
    {
        var definition = new CheckRelayConsumerDefinition(new CheckerOptions { Concurrency = concurrency });

        Assert.Equal(commandsInHand, definition.ConcurrentMessageLimit);
    }
}
