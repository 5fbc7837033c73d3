namespace Nip66.Contracts;

/// <summary>
/// What the probes saw the relay require. Null means not observed; the 30166 codec then falls back to NIP-11.
/// </summary>
public sealed record ObservedRequirements(bool? Auth, bool? Payment, bool? RestrictedWrites, bool? Pow);
