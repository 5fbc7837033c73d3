using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Nip66.Nostr;

namespace Nip66.Checker;

public static class CheckerRegistration
{
    /// <summary>
    /// The checker role: probes with the monitor key, one check per host at a time, every lookup through the registered
    /// <see cref="IHostResolver"/> (the system's DNS unless a test or harness registers its own).
    /// </summary>
    public static IBusRegistrationConfigurator AddChecker(this IBusRegistrationConfigurator bus, CheckerOptions checker, ProbeOptions probes)
    {
        bus.AddSingleton(checker);
        bus.TryAddSingleton<IHostResolver>(SystemHostResolver.Instance);
        bus.AddSingleton(sp => new RelayChecker(sp.GetRequiredService<NostrKeys>(), probes with
        {
            Client = probes.Client with
            {
                AddressLimiter = new AddressLimiter(checker.MaxConnectionsPerAddress),
                TrustedRanges = checker.TrustedRanges,
                Resolver = sp.GetRequiredService<IHostResolver>(),
            },
        }));
        bus.AddSingleton<HostLimiter>();
        bus.AddSingleton<SchedulingDelay>();
        bus.AddSingleton<CheckLimiter>();
        bus.AddConsumer<CheckRelayConsumer, CheckRelayConsumerDefinition>();
        return bus;
    }
}
