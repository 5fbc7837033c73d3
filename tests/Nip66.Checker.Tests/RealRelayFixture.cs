using Nip66.TestSupport;

namespace Nip66.Checker.Tests;

/// <summary>One Node.js process with the real relays these tests need, shared by the test class.</summary>
public sealed class RealRelayFixture : IAsyncLifetime
{
    public RelayHost Host { get; private set; } = null!;

    public async Task InitializeAsync() => Host = await RelayHost.StartAsync(
        new RelaySpec("healthy", "healthy"),
        new RelaySpec("readonly", "readonly"),
        new RelaySpec("auth", "auth"),
        new RelaySpec("nonip11", "healthy", Nip11: false),
        new RelaySpec("noupgrade", "upgrade-refused"));

    public async Task DisposeAsync() => await Host.DisposeAsync();
}
