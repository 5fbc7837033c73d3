using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Nip66.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class RecordEveryDeliveryAttempt : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_event_deliveries_event_id_publish_relay",
                table: "event_deliveries");

            migrationBuilder.AddColumn<long>(
                name: "retry_at",
                table: "event_deliveries",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_event_deliveries_event_id_publish_relay_attempt",
                table: "event_deliveries",
                columns: new[] { "event_id", "publish_relay", "attempt" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_event_deliveries_event_id_publish_relay_attempt",
                table: "event_deliveries");

            migrationBuilder.DropColumn(
                name: "retry_at",
                table: "event_deliveries");

            migrationBuilder.CreateIndex(
                name: "IX_event_deliveries_event_id_publish_relay",
                table: "event_deliveries",
                columns: new[] { "event_id", "publish_relay" },
                unique: true);
        }
    }
}
