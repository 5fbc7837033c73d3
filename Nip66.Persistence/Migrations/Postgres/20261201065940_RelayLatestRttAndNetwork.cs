using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Nip66.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class RelayLatestRttAndNetwork : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_check_results_relay_id_finished_at",
                table: "check_results");

            migrationBuilder.AddColumn<int>(
                name: "last_rtt_open_ms",
                table: "relays",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "last_rtt_read_ms",
                table: "relays",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "last_rtt_write_ms",
                table: "relays",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "network",
                table: "relays",
                type: "character varying(16)",
                maxLength: 16,
                nullable: false,
                defaultValue: "clearnet");

            migrationBuilder.CreateIndex(
                name: "IX_relay_hourly_relay_id_hour_checks_online_degraded",
                table: "relay_hourly",
                columns: new[] { "relay_id", "hour", "checks", "online", "degraded" });

            migrationBuilder.CreateIndex(
                name: "IX_check_results_relay_id_finished_at_status_rtt_open_ms_rtt_r~",
                table: "check_results",
                columns: new[] { "relay_id", "finished_at", "status", "rtt_open_ms", "rtt_read_ms", "rtt_write_ms" });

            // Existing relays: the network of the URL's host (host[:port] between "://" and the first "/" of a
            // normalized URL), as RelayUrl.Network decides it, and the round trips of the newest stored check.
            const string HostAndPort = "split_part(split_part(url, '://', 2), '/', 1)";
            migrationBuilder.Sql(
                "UPDATE relays SET network = CASE" +
                $" WHEN {HostAndPort} LIKE '%.onion' OR {HostAndPort} LIKE '%.onion:%' THEN 'tor'" +
                $" WHEN {HostAndPort} LIKE '%.i2p' OR {HostAndPort} LIKE '%.i2p:%' THEN 'i2p'" +
                $" WHEN {HostAndPort} LIKE '%.loki' OR {HostAndPort} LIKE '%.loki:%' THEN 'loki'" +
                " ELSE 'clearnet' END");
            migrationBuilder.Sql(
                "UPDATE relays SET" +
                " last_rtt_open_ms = (SELECT c.rtt_open_ms FROM check_results c WHERE c.relay_id = relays.id ORDER BY c.finished_at DESC, c.id DESC LIMIT 1)," +
                " last_rtt_read_ms = (SELECT c.rtt_read_ms FROM check_results c WHERE c.relay_id = relays.id ORDER BY c.finished_at DESC, c.id DESC LIMIT 1)," +
                " last_rtt_write_ms = (SELECT c.rtt_write_ms FROM check_results c WHERE c.relay_id = relays.id ORDER BY c.finished_at DESC, c.id DESC LIMIT 1)" +
                " WHERE last_checked_at IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_relay_hourly_relay_id_hour_checks_online_degraded",
                table: "relay_hourly");

            migrationBuilder.DropIndex(
                name: "IX_check_results_relay_id_finished_at_status_rtt_open_ms_rtt_r~",
                table: "check_results");

            migrationBuilder.DropColumn(
                name: "last_rtt_open_ms",
                table: "relays");

            migrationBuilder.DropColumn(
                name: "last_rtt_read_ms",
                table: "relays");

            migrationBuilder.DropColumn(
                name: "last_rtt_write_ms",
                table: "relays");

            migrationBuilder.DropColumn(
                name: "network",
                table: "relays");

            migrationBuilder.CreateIndex(
                name: "IX_check_results_relay_id_finished_at",
                table: "check_results",
                columns: new[] { "relay_id", "finished_at" });
        }
    }
}
