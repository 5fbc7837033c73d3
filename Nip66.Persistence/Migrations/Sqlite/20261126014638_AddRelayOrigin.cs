using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Nip66.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AddRelayOrigin : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "origin",
                table: "relays",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "origin",
                table: "relays");
        }
    }
}
