namespace Nip66.Contracts;

public sealed record CheckFailure(CheckType Check, FailureClass Class, string Message)
{
    /// <summary>Longest failure message a checker records (UTF-16 units, cut on a code point): a reason, not a document.</summary>
    public const int MaxMessageLength = 300;
}
