using System.Net;
using Nip66.Contracts;
using Nip66.Nostr;

namespace Nip66.Persistence.Candidates;

/// <summary>
/// Judges one mentioned URL text on sight, without the network or the database: normalized by the rule of the 30166
/// <c>d</c> tag (<see cref="RelayUrl.TryParse"/>), then refused when it is no relay URL, too long, opted out, a literal
/// non-public address or a host name that is never public (<see cref="PublicHostName"/>, the SSRF guard's first
/// screen). A literal address in the operator's <see cref="TrustedRanges"/> passes, as the guard lets it through at
/// connect. The per-host limit needs the database: the <see cref="CandidateLedger"/> applies it.
/// </summary>
public sealed class CandidateScreen(RelayOptOut optOut, TrustedRanges trusted)
{
    /// <summary>Honest relay URLs are tens of characters; a longer one is spam, and an index entry has a size limit.</summary>
    public const int MaxUrlLength = 256;

    /// <summary>Ends a key cut from a longer text, so that no cut text equals a URL that was not cut.</summary>
    private const string CutMark = "\u2026";

    public ScreenedUrl Screen(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!RelayUrl.TryParse(text, out var url, out _))
        {
            return new ScreenedUrl(Cut(text.Trim()), string.Empty, CandidateReasons.NotRelayUrl);
        }

        if (url.Value.Length > MaxUrlLength)
        {
            return new ScreenedUrl(Cut(url.Value), CandidateHost.Of(url), CandidateReasons.TooLong);
        }

        var host = CandidateHost.Of(url);
        if (optOut.Excludes(url.Value))
        {
            return new ScreenedUrl(url.Value, host, CandidateReasons.OptedOut);
        }

        if (PublicHostName.IsRefused(url.Host, out _))
        {
            var literal = IPAddress.TryParse(url.Host, out var address);
            if (literal && trusted.Contains(address!))
            {
                return new ScreenedUrl(url.Value, host, null);
            }

            return new ScreenedUrl(url.Value, host, literal ? CandidateReasons.PrivateAddress : CandidateReasons.InternalHost);
        }

        return new ScreenedUrl(url.Value, host, null);
    }

    private static string Cut(string text) =>
        text.Length <= MaxUrlLength ? SafeText.Clean(text) : SafeText.Clean(text, MaxUrlLength - CutMark.Length) + CutMark;
}
