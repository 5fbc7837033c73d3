using Microsoft.AspNetCore.Builder;

namespace Nip66.TestSupport;

public static class TestServers
{
    /// <summary>Stops a test server, giving its connections 2 s: the ones that hang or trickle on purpose are cut.</summary>
    public static async ValueTask StopAsync(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        try
        {
            await app.StopAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            // The cut connections: the point of the hostile behaviours.
        }

        await app.DisposeAsync();
    }
}
