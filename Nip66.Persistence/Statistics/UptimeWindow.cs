namespace Nip66.Persistence.Statistics;

/// <summary>The checks of one window and how many of them found the relay up (online or degraded).</summary>
public readonly record struct UptimeWindow(int Checks, int Up)
{
    /// <summary>Up / Checks, or null when the window has no checks.</summary>
    public double? Fraction => Checks == 0 ? null : (double)Up / Checks;
}
