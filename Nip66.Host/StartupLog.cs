namespace Nip66.Host;

internal static partial class StartupLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "BIP-340 signing backend: {Backend}")]
    public static partial void SigningBackend(Microsoft.Extensions.Logging.ILogger logger, string backend);
}
