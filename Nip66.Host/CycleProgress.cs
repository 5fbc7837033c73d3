namespace Nip66.Host;

/// <summary>
/// What is stored of a cycle: results, publishable results whose 30166 is not signed yet, signed 30166 events, and
/// deliveries recorded (any outcome) against those still owed to the publish relays.
/// </summary>
public sealed record CycleProgress(int Expected, int Checked, int ChecksUnsigned, int EventsSigned, int DeliveriesRecorded, int DeliveriesPending, bool Closed)
{
    public int Missing => Math.Max(0, Expected - Checked);
}
