namespace Nip66.TestSupport;

/// <summary>The highest number of things at once (connections, checks) seen by several threads.</summary>
public static class Peak
{
    /// <summary>Raises <paramref name="peak"/> to <paramref name="now"/> unless it is already as high.</summary>
    public static void Raise(ref int peak, int now)
    {
        for (var seen = Volatile.Read(ref peak); now > seen; seen = Volatile.Read(ref peak))
        {
            if (Interlocked.CompareExchange(ref peak, now, seen) == seen)
            {
                break;
            }
        }
    }
}
