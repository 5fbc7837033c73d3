using System.Diagnostics.Metrics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Nip66.Contracts;
using Nip66.Persistence;
using Prometheus;
using StackExchange.Redis;

namespace Nip66.Host.Web;

/// <summary>Metrics and health endpoints, served by every process whatever its roles.</summary>
public static class Observability
{
    // The runtime's System.Net meters are exported only through their host-free copies: see AggregateNetworkMetrics.
    private static readonly Lazy<IDisposable> NetworkListener = new(AggregateNetworkMetrics.StartListening);

    private static readonly Lazy<IDisposable> MeterListener = new(() => MeterAdapter.StartListening(new MeterAdapterOptions
    {
        InstrumentFilterPredicate = instrument => instrument.Meter.Name is MonitorMetrics.MeterName or "MassTransit" or AggregateNetworkMetrics.MeterName,
        // Our histograms' buckets are defined once, as advice on the instrument (MonitorMetrics).
        ResolveHistogramBuckets = instrument =>
            instrument is Histogram<double> { Meter.Name: MonitorMetrics.MeterName, Advice.HistogramBucketBoundaries: { } buckets }
                ? [.. buckets]
                : Prometheus.Histogram.ExponentialBuckets(0.001, 4, 10),
    }));

    public static IServiceCollection AddObservability(this IServiceCollection services)
    {
        // Listening from startup: an adapter started by the first scrape would miss everything recorded before it.
        _ = MeterListener.Value;
        _ = NetworkListener.Value;
        services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database", tags: ["ready"])
            .AddCheck<RedisHealthCheck>("redis", tags: ["ready"]);
        return services;
    }

    public static WebApplication MapObservability(this WebApplication app)
    {
        // Live: the process answers. Ready: the transport, Redis and the database this process uses all answer.
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") });
        app.MapMetrics("/metrics");
        return app;
    }

    private sealed class DatabaseHealthCheck(IServiceProvider services) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            if (services.GetService<IDbContextFactory<MonitorDbContext>>() is not { } databases)
            {
                return HealthCheckResult.Healthy("this process uses no database");
            }

            await using var db = await databases.CreateDbContextAsync(cancellationToken);
            return await db.Database.CanConnectAsync(cancellationToken)
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy("the database does not answer");
        }
    }

    private sealed class RedisHealthCheck(IServiceProvider services) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            if (services.GetService<IConnectionMultiplexer>() is not { } redis)
            {
                return HealthCheckResult.Healthy("this process uses no Redis");
            }

            try
            {
                var latency = await redis.GetDatabase().PingAsync();
                return HealthCheckResult.Healthy($"ping {latency.TotalMilliseconds:0.0} ms");
            }
            catch (RedisException e)
            {
                return HealthCheckResult.Unhealthy("Redis does not answer", e);
            }
        }
    }
}
