namespace Nip66.Checker;

/// <summary>
/// How many checks run at once (<see cref="CheckerOptions.Concurrency"/>). Kept apart from the endpoint's message
/// limit so that a command waiting for its busy host (<see cref="HostGate"/>) does not hold a slot a check of another
/// host could use: with one slot per message, a 10,000-relay cycle spent half its slots waiting behind hanging hosts.
/// </summary>
public sealed class CheckSlots(CheckerOptions options) : IDisposable
{
    private readonly SemaphoreSlim slots = new(options.Concurrency, options.Concurrency);

    public async Task<IDisposable> EnterAsync(CancellationToken cancellationToken)
    {
        await slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        return new Slot(slots);
    }

    public void Dispose() => slots.Dispose();

    private sealed class Slot(SemaphoreSlim slots) : IDisposable
    {
        private SemaphoreSlim? slots = slots;

        public void Dispose() => Interlocked.Exchange(ref slots, null)?.Release();
    }
}
