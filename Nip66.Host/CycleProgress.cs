namespace Nip66.Host;

/// <summary>
/// What is stored of a cycle: results, signed 30166 events, and deliveries recorded (any outcome) against those
/// still owed to the publish relays.
/// </summary>
public sealed record CycleProgress(int Expected, int Checked, int EventsSigned, int DeliveriesRecorded, int DeliveriesPending, bool Closed)
{
    public int Missing => Math.Max(0, Expected - Checked);
}
