using System.Text;
using Microsoft.EntityFrameworkCore;

namespace Nip66.Persistence;

/// <summary>
/// The monitor's database. Abstract: use <see cref="SqliteMonitorDbContext"/> (embedded) or
/// <see cref="PostgresMonitorDbContext"/> (distributed); each has its own migrations. Services resolve
/// <see cref="IDbContextFactory{MonitorDbContext}"/>. The tables are the entity classes (<see cref="Relay"/>,
/// <see cref="CheckResult"/>, ...), their names mapped to snake_case here; times are UTC DateTimeOffsets (timestamptz on
/// PostgreSQL, UTC ticks on SQLite so that comparisons and ordering run in the database).
/// </summary>
public abstract class MonitorDbContext : DbContext
{
    protected MonitorDbContext(DbContextOptions options)
        : base(options)
    {
    }

    public DbSet<Relay> Relays => Set<Relay>();

    public DbSet<CheckResult> CheckResults => Set<CheckResult>();

    public DbSet<Cycle> Cycles => Set<Cycle>();

    public DbSet<PublishedEvent> PublishedEvents => Set<PublishedEvent>();

    public DbSet<EventDelivery> EventDeliveries => Set<EventDelivery>();

    public DbSet<MonitorSetting> MonitorSettings => Set<MonitorSetting>();

    public DbSet<RelayHourly> RelayHourly => Set<RelayHourly>();

    public DbSet<RelayCandidate> RelayCandidates => Set<RelayCandidate>();

    public DbSet<CandidateMention> CandidateMentions => Set<CandidateMention>();

    public DbSet<DiscoveryCursor> DiscoveryCursors => Set<DiscoveryCursor>();

    /// <summary>The column type of the JSON columns the monitor writes itself (jsonb on PostgreSQL).</summary>
    protected virtual string? JsonColumnType => null;

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);

        modelBuilder.Entity<Relay>(e =>
        {
            e.ToTable("relays");
            e.HasKey(r => r.Id);
            e.Property(r => r.Url).IsRequired();
            e.HasIndex(r => r.Url).IsUnique();
            e.Property(r => r.Priority).HasDefaultValue((byte)0);
            e.Property(r => r.LastStatus).HasMaxLength(16);
            e.Property(r => r.LastFailureClass).HasMaxLength(32);
            e.Property(r => r.ConsecutiveFailures).HasDefaultValue(0);
            e.Property(r => r.Network).HasMaxLength(16).HasDefaultValue(PersistenceNames.Network(Nostr.RelayNetwork.Clearnet));
            e.HasIndex(r => new { r.Enabled, r.NextCheckAt });
        });

        modelBuilder.Entity<CheckResult>(e =>
        {
            e.ToTable("check_results");
            e.HasKey(c => c.Id);
            e.HasOne(c => c.Relay).WithMany().HasForeignKey(c => c.RelayId).OnDelete(DeleteBehavior.Cascade);
            e.Property(c => c.Status).HasMaxLength(16);
            e.Property(c => c.FailureCheck).HasMaxLength(16);
            e.Property(c => c.FailureClass).HasMaxLength(32);
            e.Property(c => c.ChecksJson).HasColumnType(JsonColumnType);
            // A relay's checks by time, covering what the read side takes from its last day (status and round trips for
            // uptime and percentiles of one page of relays): read from the index alone, not from one table page per row.
            e.HasIndex(c => new { c.RelayId, c.FinishedAt, c.Status, c.RttOpenMs, c.RttReadMs, c.RttWriteMs });
            e.HasIndex(c => new { c.CycleId, c.RelayId }).IsUnique();
            // Maintenance prunes by finished_at; the uptime queries read the last day of every relay.
            e.HasIndex(c => c.FinishedAt);
        });

        modelBuilder.Entity<Cycle>(e =>
        {
            e.ToTable("cycles");
            e.HasKey(c => c.Id);
            e.Property(c => c.Id).ValueGeneratedNever();
            e.Property(c => c.MissedJson).HasColumnType(JsonColumnType);
            e.Property(c => c.RelayUrlsJson).HasColumnType(JsonColumnType);
            e.HasIndex(c => c.StartedAt);
        });

        modelBuilder.Entity<PublishedEvent>(e =>
        {
            e.ToTable("published_events");
            e.HasKey(p => p.EventId);
            e.Property(p => p.EventId).HasMaxLength(64).ValueGeneratedNever();
            e.HasIndex(p => new { p.RelayUrl, p.CreatedAt });
            e.HasIndex(p => p.CycleId);
            e.HasIndex(p => p.SignedAt);
        });

        modelBuilder.Entity<EventDelivery>(e =>
        {
            e.ToTable("event_deliveries");
            e.HasKey(d => d.Id);
            e.Property(d => d.EventId).HasMaxLength(64);
            e.Property(d => d.Outcome).HasMaxLength(32);
            e.HasIndex(d => new { d.EventId, d.PublishRelay, d.Attempt }).IsUnique();
            // Maintenance removes deliveries whose event was never stored, by age.
            e.HasIndex(d => d.At);
        });

        modelBuilder.Entity<RelayHourly>(e =>
        {
            e.ToTable("relay_hourly");
            e.HasKey(h => new { h.RelayId, h.Hour });
            e.HasOne<Relay>().WithMany().HasForeignKey(h => h.RelayId).OnDelete(DeleteBehavior.Cascade);
            // Maintenance deletes by hour.
            e.HasIndex(h => h.Hour);
            // The read side sums a month of one relay's hours from the index alone (the rows of a relay lie on as many
            // table pages as it has hours).
            e.HasIndex(h => new { h.RelayId, h.Hour, h.Checks, h.Online, h.Degraded });
        });

        modelBuilder.Entity<RelayCandidate>(e =>
        {
            e.ToTable("relay_candidates");
            e.HasKey(c => c.Id);
            e.Property(c => c.Url).IsRequired();
            e.HasIndex(c => c.Url).IsUnique();
            e.Property(c => c.Host).IsRequired();
            // The per-host cap counts a host's candidates; validation reads the pending ones that are due.
            e.HasIndex(c => new { c.Host, c.State });
            e.HasIndex(c => new { c.State, c.NextTryAt });
            // A cycle's progress counts the candidates it checked.
            e.HasIndex(c => c.LastCycleId);
            e.Property(c => c.Reason).HasMaxLength(32);
            e.Property(c => c.FirstEventId).HasMaxLength(64);
            e.Property(c => c.FirstAuthor).HasMaxLength(64);
        });

        modelBuilder.Entity<CandidateMention>(e =>
        {
            e.ToTable("candidate_mentions");
            e.HasKey(m => new { m.CandidateId, m.Author });
            e.HasOne<RelayCandidate>().WithMany().HasForeignKey(m => m.CandidateId).OnDelete(DeleteBehavior.Cascade);
            e.Property(m => m.Author).HasMaxLength(64);
            e.Property(m => m.EventId).HasMaxLength(64);
        });

        modelBuilder.Entity<DiscoveryCursor>(e =>
        {
            e.ToTable("discovery_cursors");
            e.HasKey(c => new { c.Source, c.RelayUrl });
            e.Property(c => c.Source).HasMaxLength(32);
        });

        modelBuilder.Entity<MonitorSetting>(e =>
        {
            e.ToTable("monitor_settings");
            e.HasKey(s => s.Key);
            e.Property(s => s.Key).ValueGeneratedNever();
        });

        foreach (var entity in modelBuilder.Model.GetEntityTypes())
        {
            foreach (var property in entity.GetProperties())
            {
                property.SetColumnName(SnakeCase(property.Name));
            }
        }
    }

    internal static string SnakeCase(string name)
    {
        var builder = new StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c))
            {
                if (i > 0)
                {
                    builder.Append('_');
                }

                builder.Append(char.ToLowerInvariant(c));
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }
}
