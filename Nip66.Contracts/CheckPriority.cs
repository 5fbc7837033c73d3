namespace Nip66.Contracts;

/// <summary>
/// The tiers of the check queue, defined once: the priority a <see cref="CheckRelay"/> is sent with, and the order
/// of a cycle's commands. Operator relays come first (their configured priorities keep their order above the other
/// tiers), then discovered relays (each spoke Nostr once, or it would not have been promoted), then candidates, so
/// that thousands of candidates never delay the relays the monitor already reports on.
/// </summary>
public static class CheckPriority
{
    /// <summary>A discovered URL being validated.</summary>
    public const byte Candidate = 0;

    /// <summary>A relay promoted from a candidate.</summary>
    public const byte Discovered = 1;

    /// <summary>The lowest operator tier: a relay the operator added with priority 0.</summary>
    public const byte OperatorBase = 2;

    /// <summary>
    /// An operator relay of <paramref name="configured"/> priority: the tiers above <see cref="Discovered"/> up to
    /// <see cref="QueueNames.CheckRelayMaxPriority"/>; configured priorities past the last tier share it.
    /// </summary>
    public static byte Operator(byte configured) =>
        (byte)Math.Min(OperatorBase + configured, QueueNames.CheckRelayMaxPriority);
}
