namespace Nip66.TestSupport;

/// <summary>Waits for a condition the system reaches on its own time (a consumer, a connection torn down).</summary>
public static class Eventually
{
    /// <summary>Polls <paramref name="condition"/> until it holds; fails with <paramref name="what"/> after the timeout.</summary>
    public static async Task TrueAsync(Func<Task<bool>> condition, string what, int timeoutSeconds = 60)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var deadline = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out after {timeoutSeconds} s waiting for: {what}");
            }

            await Task.Delay(100);
        }
    }

    public static Task TrueAsync(Func<bool> condition, string what, int timeoutSeconds = 60) =>
        TrueAsync(() => Task.FromResult(condition()), what, timeoutSeconds);
}
