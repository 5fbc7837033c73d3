namespace Nip66.TestSupport;

/// <summary>
/// A relay whose text would drive the terminal that prints it: ANSI escape sequences (ESC, and U+009B, the one-unit
/// CSI), a window-title OSC ended by BEL, carriage returns and line breaks, in its NIP-11 name and software and in the
/// reasons of its CLOSED (read) and OK false (write). Path <see cref="TerminalEscapes"/>.
/// </summary>
public sealed partial class HostileRelay
{
    public const string TerminalEscapes = "terminal-escapes";

    /// <summary>The NIP-11 document, as sent (JSON escapes).</summary>
    private const string TerminalEscapesNip11 =
        """{"name":"\u001b[2J\u001b[31mred\u009b1mname\r\nfake line","software":"soft\u001b]0;title\u0007ware","version":"1","supported_nips":[1,11]}""";

    /// <summary>Reason of the CLOSED that answers the read probe, as sent.</summary>
    private const string TerminalEscapesReadReason = "\"blocked: \\u001b[1Aread\\rspoofed\\n\\u009b32mnext\"";

    /// <summary>Reason of the OK false that answers the write probe, as sent.</summary>
    private const string TerminalEscapesWriteReason = "\"blocked: \\u001b[2Kwrite\\r\\nspoofed\\u0007\"";
}
