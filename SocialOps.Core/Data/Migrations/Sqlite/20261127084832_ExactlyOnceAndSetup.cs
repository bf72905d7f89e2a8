using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SocialOps.Core.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ExactlyOnceAndSetup : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Posts_ScheduleId",
                table: "Posts");

            migrationBuilder.AddColumn<long>(
                name: "OccurrenceAt",
                table: "Posts",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "RetryAt",
                table: "Posts",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "SetupMarkers",
                columns: table => new
                {
                    Key = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
                    UserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SetupMarkers", x => x.Key);
                });

            // Occurrences that exist already keep the instant they stand for (the first of any duplicates).
            migrationBuilder.Sql("""
                UPDATE "Posts" SET "OccurrenceAt" = "ScheduledFor"
                WHERE "ScheduleId" IN (SELECT "Id" FROM "Schedules" WHERE "Kind" = 'Recurring')
                  AND "Id" IN (SELECT MIN("Id") FROM "Posts" WHERE "ScheduledFor" IS NOT NULL GROUP BY "ScheduleId", "ScheduledFor");
                """);

            migrationBuilder.CreateIndex(
                name: "IX_Posts_ScheduleId_OccurrenceAt",
                table: "Posts",
                columns: new[] { "ScheduleId", "OccurrenceAt" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "SetupMarkers");

            migrationBuilder.DropIndex(
                name: "IX_Posts_ScheduleId_OccurrenceAt",
                table: "Posts");

            migrationBuilder.DropColumn(
                name: "OccurrenceAt",
                table: "Posts");

            migrationBuilder.DropColumn(
                name: "RetryAt",
                table: "Posts");

            migrationBuilder.CreateIndex(
                name: "IX_Posts_ScheduleId",
                table: "Posts",
                column: "ScheduleId");
        }
    }
}
