using Microsoft.Playwright;

namespace Nip66.Web.Tests;

/// <summary>Debian's Chromium, headless, as the page tests launch it (never a browser Playwright downloads).</summary>
public static class Chromium
{
    public const string Path = "/usr/bin/chromium";

    public static BrowserTypeLaunchOptions LaunchOptions
    {
        get
        {
            Assert.True(File.Exists(Path), $"{Path} is missing: run scripts/install-deps (it installs Debian's chromium package).");
            return new BrowserTypeLaunchOptions
            {
                ExecutablePath = Path,
                Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-quic"],
            };
        }
    }
}
