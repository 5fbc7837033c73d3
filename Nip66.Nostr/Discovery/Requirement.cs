namespace Nip66.Nostr.Discovery;

/// <summary>A requirement tag value: <c>auth</c> or <c>!auth</c>.</summary>
public sealed record Requirement(string Name, bool Required)
{
    public const string Auth = "auth";
    public const string Payment = "payment";
    public const string Writes = "writes";
    public const string Pow = "pow";

    public override string ToString() => Required ? Name : "!" + Name;
}
