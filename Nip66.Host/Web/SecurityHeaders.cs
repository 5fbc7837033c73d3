using Microsoft.AspNetCore.Builder;

namespace Nip66.Host.Web;

/// <summary>
/// Headers on every response: the status page may load only its own files and be framed by nobody, and no response
/// is content-sniffed. The policy fits wwwroot: index.html loads style.css and app.js from this origin, app.js
/// fetches /api on this origin and draws its charts as inline SVG elements (no style attributes, no eval), and the
/// favicon is an empty <c>data:</c> URL.
/// </summary>
public static class SecurityHeaders
{
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src data:; " +
        "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    /// <summary>Before anything that answers (static files, endpoints), so that every response carries them.</summary>
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        // frame-ancestors for current browsers, X-Frame-Options for those that predate it.
        headers.XFrameOptions = "DENY";
        // A private host name in the page's address is not sent to any other site.
        headers["Referrer-Policy"] = "no-referrer";
        return next(context);
    });
}
