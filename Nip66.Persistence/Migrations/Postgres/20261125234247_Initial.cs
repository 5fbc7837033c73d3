using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Nip66.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "cycles",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    started_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    deadline = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    expected = table.Column<int>(type: "integer", nullable: false),
                    @checked = table.Column<int>(name: "checked", type: "integer", nullable: false),
                    online = table.Column<int>(type: "integer", nullable: false),
                    degraded = table.Column<int>(type: "integer", nullable: false),
                    offline = table.Column<int>(type: "integer", nullable: false),
                    completed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    timed_out = table.Column<bool>(type: "boolean", nullable: false),
                    missed_json = table.Column<string>(type: "jsonb", nullable: true),
                    relay_urls_json = table.Column<string>(type: "jsonb", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_cycles", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "event_deliveries",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    event_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    publish_relay = table.Column<string>(type: "text", nullable: false),
                    outcome = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    message = table.Column<string>(type: "text", nullable: true),
                    attempt = table.Column<int>(type: "integer", nullable: false),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_event_deliveries", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "monitor_settings",
                columns: table => new
                {
                    key = table.Column<string>(type: "text", nullable: false),
                    value = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_monitor_settings", x => x.key);
                });

            migrationBuilder.CreateTable(
                name: "published_events",
                columns: table => new
                {
                    event_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    kind = table.Column<int>(type: "integer", nullable: false),
                    relay_url = table.Column<string>(type: "text", nullable: true),
                    cycle_id = table.Column<Guid>(type: "uuid", nullable: true),
                    created_at = table.Column<long>(type: "bigint", nullable: false),
                    event_json = table.Column<string>(type: "text", nullable: false),
                    signed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_published_events", x => x.event_id);
                });

            migrationBuilder.CreateTable(
                name: "relays",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    url = table.Column<string>(type: "text", nullable: false),
                    enabled = table.Column<bool>(type: "boolean", nullable: false),
                    priority = table.Column<byte>(type: "smallint", nullable: false, defaultValue: (byte)0),
                    added_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    notes = table.Column<string>(type: "text", nullable: true),
                    last_status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    last_checked_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    last_online_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    last_failure_class = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    consecutive_failures = table.Column<int>(type: "integer", nullable: false, defaultValue: 0),
                    next_check_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    nip11_json = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_relays", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "check_results",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    relay_id = table.Column<long>(type: "bigint", nullable: false),
                    cycle_id = table.Column<Guid>(type: "uuid", nullable: false),
                    status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    rtt_open_ms = table.Column<int>(type: "integer", nullable: true),
                    rtt_read_ms = table.Column<int>(type: "integer", nullable: true),
                    rtt_write_ms = table.Column<int>(type: "integer", nullable: true),
                    failure_check = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    failure_class = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    failure_message = table.Column<string>(type: "text", nullable: true),
                    checks_json = table.Column<string>(type: "jsonb", nullable: false),
                    started_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    finished_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_check_results", x => x.id);
                    table.ForeignKey(
                        name: "FK_check_results_relays_relay_id",
                        column: x => x.relay_id,
                        principalTable: "relays",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_check_results_cycle_id_relay_id",
                table: "check_results",
                columns: new[] { "cycle_id", "relay_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_check_results_relay_id_finished_at",
                table: "check_results",
                columns: new[] { "relay_id", "finished_at" });

            migrationBuilder.CreateIndex(
                name: "IX_cycles_started_at",
                table: "cycles",
                column: "started_at");

            migrationBuilder.CreateIndex(
                name: "IX_event_deliveries_event_id_publish_relay",
                table: "event_deliveries",
                columns: new[] { "event_id", "publish_relay" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_published_events_cycle_id",
                table: "published_events",
                column: "cycle_id");

            migrationBuilder.CreateIndex(
                name: "IX_published_events_relay_url_created_at",
                table: "published_events",
                columns: new[] { "relay_url", "created_at" });

            migrationBuilder.CreateIndex(
                name: "IX_relays_enabled_next_check_at",
                table: "relays",
                columns: new[] { "enabled", "next_check_at" });

            migrationBuilder.CreateIndex(
                name: "IX_relays_url",
                table: "relays",
                column: "url",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "check_results");

            migrationBuilder.DropTable(
                name: "cycles");

            migrationBuilder.DropTable(
                name: "event_deliveries");

            migrationBuilder.DropTable(
                name: "monitor_settings");

            migrationBuilder.DropTable(
                name: "published_events");

            migrationBuilder.DropTable(
                name: "relays");
        }
    }
}
