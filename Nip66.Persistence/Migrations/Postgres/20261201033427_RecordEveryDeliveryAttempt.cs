using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Nip66.Persistence.Migrations.Postgres
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

            migrationBuilder.AlterColumn<string>(
                name: "outcome",
                table: "event_deliveries",
                type: "character varying(32)",
                maxLength: 32,
                nullable: false,
                oldClrType: typeof(string),
                oldType: "character varying(16)",
                oldMaxLength: 16);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "retry_at",
                table: "event_deliveries",
                type: "timestamp with time zone",
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

            migrationBuilder.AlterColumn<string>(
                name: "outcome",
                table: "event_deliveries",
                type: "character varying(16)",
                maxLength: 16,
                nullable: false,
                oldClrType: typeof(string),
                oldType: "character varying(32)",
                oldMaxLength: 32);

            migrationBuilder.CreateIndex(
                name: "IX_event_deliveries_event_id_publish_relay",
                table: "event_deliveries",
                columns: new[] { "event_id", "publish_relay" },
                unique: true);
        }
    }
}
