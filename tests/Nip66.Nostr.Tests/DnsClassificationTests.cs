using System.Net.Sockets;

namespace Nip66.Nostr.Tests;

public sealed class DnsClassificationTests
{
    [Theory]
    [InlineData(SocketError.HostNotFound, ConnectFailure.Dns)]
    [InlineData(SocketError.TryAgain, ConnectFailure.DnsTemporary)]
    [InlineData(SocketError.NoRecovery, ConnectFailure.DnsTemporary)]
    [InlineData(SocketError.NoData, ConnectFailure.DnsTemporary)]
    [InlineData(SocketError.TimedOut, ConnectFailure.DnsTemporary)]
    public void Only_a_name_that_does_not_exist_is_a_definite_dns_failure(SocketError error, ConnectFailure expected) =>
        Assert.Equal(expected, RelayConnection.DnsFailure(error));
}
