using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Nip66.Persistence.Migrations.Postgres
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
                type: "boolean",
                nullable: false,
                defaultValue: false);

            // Relays from before the column: the operator's own keep their trust, discovered ones stay guarded.
            migrationBuilder.Sql("UPDATE relays SET allow_private_addresses = (origin = 0)");


            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "retired_at",
                table: "relays",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "retired_reason",
                table: "relays",
                type: "text",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "discovery_cursors",
                columns: table => new
                {
                    source = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    relay_url = table.Column<string>(type: "text", nullable: false),
                    newest_seen = table.Column<long>(type: "bigint", nullable: true),
                    oldest_seen = table.Column<long>(type: "bigint", nullable: true),
                    backfill_done = table.Column<bool>(type: "boolean", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_discovery_cursors", x => new { x.source, x.relay_url });
                });

            migrationBuilder.CreateTable(
                name: "relay_candidates",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    url = table.Column<string>(type: "text", nullable: false),
                    host = table.Column<string>(type: "text", nullable: false),
                    state = table.Column<int>(type: "integer", nullable: false),
                    reason = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    first_source_kind = table.Column<int>(type: "integer", nullable: false),
                    first_event_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    first_author = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    first_seen_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    last_seen_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    authors = table.Column<int>(type: "integer", nullable: false),
                    tries = table.Column<int>(type: "integer", nullable: false),
                    next_try_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    last_tried_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    promoted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    retired_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_relay_candidates", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "candidate_mentions",
                columns: table => new
                {
                    candidate_id = table.Column<long>(type: "bigint", nullable: false),
                    author = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    kind = table.Column<int>(type: "integer", nullable: false),
                    event_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    seen_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
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
