namespace Nip66.Publisher;

/// <summary>The wait between two attempts of one delivery: doubling from the first delay up to the cap, with jitter.</summary>
public static class DeliveryBackoff
{
    /// <summary>
    /// The wait after attempt <paramref name="attempt"/> (1 for the first); <paramref name="unitRandom"/> in [0, 1)
    /// picks the jitter (0.5 is none).
    /// </summary>
    public static TimeSpan Delay(int attempt, PublisherOptions options, double unitRandom)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(attempt, 1);
        // 2^30 seconds is decades: the exponent is capped before it can overflow.
        var doubled = options.FirstRetryDelay * Math.Pow(2, Math.Min(attempt - 1, 30));
        var capped = doubled < options.MaxRetryDelay ? doubled : options.MaxRetryDelay;
        return capped * (1 + (options.RetryJitter * ((2 * unitRandom) - 1)));
    }
}
