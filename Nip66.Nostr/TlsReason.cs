using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Nip66.Nostr;

/// <summary>Why a certificate was rejected, in words an operator can act on (expired, wrong name, untrusted).</summary>
public static class TlsReason
{
    public static string Describe(SslPolicyErrors errors, X509Chain? chain)
    {
        var reasons = new List<string>();
        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
        {
            reasons.Add("no certificate");
        }

        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch))
        {
            reasons.Add("certificate name does not match the host");
        }

        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateChainErrors))
        {
            var statuses = chain?.ChainStatus.Select(s => s.Status).Distinct().Select(Chain).ToArray() ?? [];
            reasons.Add(statuses.Length > 0 ? string.Join(", ", statuses) : "certificate chain not trusted");
        }

        return string.Join("; ", reasons);
    }

    private static string Chain(X509ChainStatusFlags status) => status switch
    {
        X509ChainStatusFlags.NotTimeValid => "certificate expired or not yet valid",
        X509ChainStatusFlags.UntrustedRoot => "untrusted root (self-signed?)",
        X509ChainStatusFlags.PartialChain => "incomplete chain",
        X509ChainStatusFlags.Revoked => "certificate revoked",
        _ => status.ToString(),
    };
}
