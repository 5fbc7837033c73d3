using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Nip66.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class RelayDiscovery : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "allow_private_addresses",
                table: "relays",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            // Relays from before the column: the operator's own keep their trust, discovered ones stay guarded.
            migrationBuilder.Sql("UPDATE relays SET allow_private_addresses = (origin = 0)");


            migrationBuilder.AddColumn<long>(
                name: "retired_at",
                table: "relays",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "retired_reason",
                table: "relays",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "discovery_cursors",
                columns: table => new
                {
                    source = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    relay_url = table.Column<string>(type: "TEXT", nullable: false),
                    newest_seen = table.Column<long>(type: "INTEGER", nullable: true),
                    oldest_seen = table.Column<long>(type: "INTEGER", nullable: true),
                    backfill_done = table.Column<bool>(type: "INTEGER", nullable: false),
                    updated_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_discovery_cursors", x => new { x.source, x.relay_url });
                });

            migrationBuilder.CreateTable(
                name: "relay_candidates",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    url = table.Column<string>(type: "TEXT", nullable: false),
                    host = table.Column<string>(type: "TEXT", nullable: false),
                    state = table.Column<int>(type: "INTEGER", nullable: false),
                    reason = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    first_source_kind = table.Column<int>(type: "INTEGER", nullable: false),
                    first_event_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    first_author = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    first_seen_at = table.Column<long>(type: "INTEGER", nullable: false),
                    last_seen_at = table.Column<long>(type: "INTEGER", nullable: false),
                    authors = table.Column<int>(type: "INTEGER", nullable: false),
                    tries = table.Column<int>(type: "INTEGER", nullable: false),
                    next_try_at = table.Column<long>(type: "INTEGER", nullable: true),
                    last_tried_at = table.Column<long>(type: "INTEGER", nullable: true),
                    promoted_at = table.Column<long>(type: "INTEGER", nullable: true),
                    retired_at = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_relay_candidates", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "candidate_mentions",
                columns: table => new
                {
                    candidate_id = table.Column<long>(type: "INTEGER", nullable: false),
                    author = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    kind = table.Column<int>(type: "INTEGER", nullable: false),
                    event_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    seen_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_candidate_mentions", x => new { x.candidate_id, x.author });
                    table.ForeignKey(
                        name: "FK_candidate_mentions_relay_candidates_candidate_id",
                        column: x => x.candidate_id,
                        principalTable: "relay_candidates",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_relay_candidates_host_state",
                table: "relay_candidates",
                columns: new[] { "host", "state" });

            migrationBuilder.CreateIndex(
                name: "IX_relay_candidates_state_next_try_at",
                table: "relay_candidates",
                columns: new[] { "state", "next_try_at" });

            migrationBuilder.CreateIndex(
                name: "IX_relay_candidates_url",
                table: "relay_candidates",
                column: "url",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "candidate_mentions");

            migrationBuilder.DropTable(
                name: "discovery_cursors");

            migrationBuilder.DropTable(
                name: "relay_candidates");

            migrationBuilder.DropColumn(
                name: "allow_private_addresses",
                table: "relays");

            migrationBuilder.DropColumn(
                name: "retired_at",
                table: "relays");

            migrationBuilder.DropColumn(
                name: "retired_reason",
                table: "relays");
        }
    }
}
