namespace Nip66.Persistence.ReadSide;

/// <summary>
/// What is stored of a cycle: results, publishable results whose 30166 is not signed yet, signed 30166 events, and
/// deliveries recorded (any outcome) against those still owed to the publish relays.
/// </summary>
public sealed record CycleProgress(int Expected, int Checked, int ChecksUnsigned, int EventsSigned, int DeliveriesRecorded, int DeliveriesPending, bool Closed)
{
    public int Missing => Math.Max(0, Expected - Checked);

    /// <summary>
    /// Whether everything the cycle produced is stored: the <paramref name="checkedBySaga"/> results the saga counted,
    /// a 30166 for each publishable one, every delivery done, and the cycle closed.
    /// </summary>
    public bool IsSettled(int checkedBySaga) => Checked >= checkedBySaga && ChecksUnsigned == 0 && DeliveriesPending == 0 && Closed;
}
