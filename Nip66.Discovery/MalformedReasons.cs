namespace Nip66.Discovery;

/// <summary>Why a discovery source skipped an event: the <c>reason</c> label of <c>nip66_discovery_events_malformed_total</c>.</summary>
public static class MalformedReasons
{
    /// <summary>Its id or signature did not verify.</summary>
    public const string Signature = "signature";

    /// <summary>The relay sent it outside the filter (kind, author or time).</summary>
    public const string Unrequested = "unrequested";

    /// <summary>A frame that was no NIP-01 message (invalid JSON, a malformed event).</summary>
    public const string Frame = "frame";

    /// <summary>A verified event whose content or tags hold no readable relay list (the parser's reason is logged).</summary>
    public const string Content = "content";
}
