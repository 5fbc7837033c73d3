using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Nip66.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class CandidateLastCycle : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "last_cycle_id",
                table: "relay_candidates",
                type: "uuid",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_relay_candidates_last_cycle_id",
                table: "relay_candidates",
                column: "last_cycle_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_relay_candidates_last_cycle_id",
                table: "relay_candidates");

            migrationBuilder.DropColumn(
                name: "last_cycle_id",
                table: "relay_candidates");
        }
    }
}
