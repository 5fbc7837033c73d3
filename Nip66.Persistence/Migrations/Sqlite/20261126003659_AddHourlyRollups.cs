using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Nip66.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AddHourlyRollups : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "relay_hourly",
                columns: table => new
                {
                    relay_id = table.Column<long>(type: "INTEGER", nullable: false),
                    hour = table.Column<long>(type: "INTEGER", nullable: false),
                    checks = table.Column<int>(type: "INTEGER", nullable: false),
                    online = table.Column<int>(type: "INTEGER", nullable: false),
                    degraded = table.Column<int>(type: "INTEGER", nullable: false),
                    offline = table.Column<int>(type: "INTEGER", nullable: false),
                    rtt_open_p50 = table.Column<int>(type: "INTEGER", nullable: true),
                    rtt_open_p95 = table.Column<int>(type: "INTEGER", nullable: true),
                    rtt_read_p50 = table.Column<int>(type: "INTEGER", nullable: true),
                    rtt_read_p95 = table.Column<int>(type: "INTEGER", nullable: true),
                    rtt_write_p50 = table.Column<int>(type: "INTEGER", nullable: true),
                    rtt_write_p95 = table.Column<int>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_relay_hourly", x => new { x.relay_id, x.hour });
                    table.ForeignKey(
                        name: "FK_relay_hourly_relays_relay_id",
                        column: x => x.relay_id,
                        principalTable: "relays",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_published_events_signed_at",
                table: "published_events",
                column: "signed_at");

            migrationBuilder.CreateIndex(
                name: "IX_event_deliveries_at",
                table: "event_deliveries",
                column: "at");

            migrationBuilder.CreateIndex(
                name: "IX_check_results_finished_at",
                table: "check_results",
                column: "finished_at");

            migrationBuilder.CreateIndex(
                name: "IX_relay_hourly_hour",
                table: "relay_hourly",
                column: "hour");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "relay_hourly");

            migrationBuilder.DropIndex(
                name: "IX_published_events_signed_at",
                table: "published_events");

            migrationBuilder.DropIndex(
                name: "IX_event_deliveries_at",
                table: "event_deliveries");

            migrationBuilder.DropIndex(
                name: "IX_check_results_finished_at",
                table: "check_results");
        }
    }
}
