using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Nip66.Contracts;
using Nip66.Persistence.Maintenance;

namespace Nip66.Scheduler.Maintenance;

public static class MaintenanceRegistration
{
    /// <summary>
    /// The database maintenance of the scheduler role: <paramref name="options"/>, <paramref name="discovery"/> (the
    /// defaults when null, unless discovery options are registered already), <see cref="MaintenanceService"/>
    /// and <see cref="MaintenanceJob"/> as a hosted service (resolve <see cref="MaintenanceJob"/> for its
    /// <see cref="MaintenanceJob.LastReport"/>). Needs AddPersistence. Register it in one process only.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is invalid (see <see cref="MaintenanceOptions.Validate"/>).</exception>
    public static IServiceCollection AddMaintenance(this IServiceCollection services, MaintenanceOptions options, DiscoveryOptions? discovery = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();

        services.AddSingleton(options);
        services.TryAddSingleton(discovery ?? new DiscoveryOptions());
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<MaintenanceService>();
        services.AddSingleton<MaintenanceJob>();
        services.AddHostedService(sp => sp.GetRequiredService<MaintenanceJob>());
        return services;
    }
}
