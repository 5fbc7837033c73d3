using Nip66.Contracts;

namespace Nip66.Publisher;

public sealed record DeliveryResult(DeliveryOutcome Outcome, string? Message);
