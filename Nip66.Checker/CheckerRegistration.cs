using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Nip66.Nostr;

namespace Nip66.Checker;

public static class CheckerRegistration
{
    /// <summary>The checker role: probes with the monitor key, one check per host at a time.</summary>
    public static IBusRegistrationConfigurator AddChecker(this IBusRegistrationConfigurator bus, CheckerOptions checker, ProbeOptions probes)
    {
        bus.AddSingleton(checker);
        var limited = probes with { Client = probes.Client with { AddressLimiter = new AddressLimiter(checker.MaxConnectionsPerAddress) } };
        bus.AddSingleton(sp => new RelayChecker(sp.GetRequiredService<NostrKeys>(), limited));
        bus.AddSingleton<HostLimiter>();
        bus.AddSingleton<SchedulingDelay>();
        bus.AddSingleton<CheckLimiter>();
        bus.AddConsumer<CheckRelayConsumer, CheckRelayConsumerDefinition>();
        return bus;
    }
}
