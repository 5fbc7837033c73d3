namespace Nip66.Persistence.Tests;

/// <summary>A message found in the error queue of <see cref="Queue"/>, and why it is there.</summary>
public sealed record ErrorMessage(string Queue, object Message, string? Reason);
