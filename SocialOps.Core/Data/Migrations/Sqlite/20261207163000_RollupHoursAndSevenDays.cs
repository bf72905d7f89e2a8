using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SocialOps.Core.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class RollupHoursAndSevenDays : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "ReachedSevenDays",
                table: "PostMetricTotals",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<long>(
                name: "SevenDaysEngagements",
                table: "PostMetricTotals",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<long>(
                name: "SevenDaysTakenAt",
                table: "PostMetricTotals",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "PostMetricDays",
                columns: table => new
                {
                    PostId = table.Column<int>(type: "INTEGER", nullable: false),
                    Day = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    H00 = table.Column<long>(type: "INTEGER", nullable: false),
                    H01 = table.Column<long>(type: "INTEGER", nullable: false),
                    H02 = table.Column<long>(type: "INTEGER", nullable: false),
                    H03 = table.Column<long>(type: "INTEGER", nullable: false),
                    H04 = table.Column<long>(type: "INTEGER", nullable: false),
                    H05 = table.Column<long>(type: "INTEGER", nullable: false),
                    H06 = table.Column<long>(type: "INTEGER", nullable: false),
                    H07 = table.Column<long>(type: "INTEGER", nullable: false),
                    H08 = table.Column<long>(type: "INTEGER", nullable: false),
                    H09 = table.Column<long>(type: "INTEGER", nullable: false),
                    H10 = table.Column<long>(type: "INTEGER", nullable: false),
                    H11 = table.Column<long>(type: "INTEGER", nullable: false),
                    H12 = table.Column<long>(type: "INTEGER", nullable: false),
                    H13 = table.Column<long>(type: "INTEGER", nullable: false),
                    H14 = table.Column<long>(type: "INTEGER", nullable: false),
                    H15 = table.Column<long>(type: "INTEGER", nullable: false),
                    H16 = table.Column<long>(type: "INTEGER", nullable: false),
                    H17 = table.Column<long>(type: "INTEGER", nullable: false),
                    H18 = table.Column<long>(type: "INTEGER", nullable: false),
                    H19 = table.Column<long>(type: "INTEGER", nullable: false),
                    H20 = table.Column<long>(type: "INTEGER", nullable: false),
                    H21 = table.Column<long>(type: "INTEGER", nullable: false),
                    H22 = table.Column<long>(type: "INTEGER", nullable: false),
                    H23 = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PostMetricDays", x => new { x.Day, x.PostId });
                    table.ForeignKey(
                        name: "FK_PostMetricDays_Posts_PostId",
                        column: x => x.PostId,
                        principalTable: "Posts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_PostMetricDays_PostId",
                table: "PostMetricDays",
                column: "PostId");

            // Fills the roll-ups from the snapshots already stored: each snapshot's growth since its post's previous one
            // on its UTC day and hour (instants are UTC ticks here), and each post's figures at 7 days.
            migrationBuilder.Sql("""
                INSERT INTO "PostMetricDays" ("PostId", "Day", "H00", "H01", "H02", "H03", "H04", "H05", "H06", "H07", "H08", "H09", "H10", "H11", "H12", "H13", "H14", "H15", "H16", "H17", "H18", "H19", "H20", "H21", "H22", "H23")
                SELECT "PostId", "Day",
                    SUM(CASE WHEN "Hour" = 0 THEN "Growth" ELSE 0 END),
                    SUM(CASE WHEN "Hour" = 1 THEN "Growth" ELSE 0 END),
                    SUM(CASE WHEN "Hour" = 2 THEN "Growth" ELSE 0 END),
                    SUM(CASE WHEN "Hour" = 3 THEN "Growth" ELSE 0 END),
                    SUM(CASE WHEN "Hour" = 4 THEN "Growth" ELSE 0 END),
                    SUM(CASE WHEN "Hour" = 5 THEN "Growth" ELSE 0 END),
                    SUM(CASE WHEN "Hour" = 6 THEN "Growth" ELSE 0 END),
                    SUM(CASE WHEN "Hour" = 7 THEN "Growth" ELSE 0 END),
                    SUM(CASE WHEN "Hour" = 8 THEN "Growth" ELSE 0 END),
                    SUM(CASE WHEN "Hour" = 9 THEN "Growth" ELSE 0 END),
                    SUM(CASE WHEN "Hour" = 10 THEN "Growth" ELSE 0 END),
                    SUM(CASE WHEN "Hour" = 11 THEN "Growth" ELSE 0 END),
                    SUM(CASE WHEN "Hour" = 12 THEN "Growth" ELSE 0 END),
                    SUM(CASE WHEN "Hour" = 13 THEN "Growth" ELSE 0 END),
                    SUM(CASE WHEN "Hour" = 14 THEN "Growth" ELSE 0 END),
                    SUM(CASE WHEN "Hour" = 15 THEN "Growth" ELSE 0 END),
                    SUM(CASE WHEN "Hour" = 16 THEN "Growth" ELSE 0 END),
                    SUM(CASE WHEN "Hour" = 17 THEN "Growth" ELSE 0 END),
                    SUM(CASE WHEN "Hour" = 18 THEN "Growth" ELSE 0 END),
                    SUM(CASE WHEN "Hour" = 19 THEN "Growth" ELSE 0 END),
                    SUM(CASE WHEN "Hour" = 20 THEN "Growth" ELSE 0 END),
                    SUM(CASE WHEN "Hour" = 21 THEN "Growth" ELSE 0 END),
                    SUM(CASE WHEN "Hour" = 22 THEN "Growth" ELSE 0 END),
                    SUM(CASE WHEN "Hour" = 23 THEN "Growth" ELSE 0 END)
                FROM (
                    SELECT "PostId",
                        date(("TakenAt" - 621355968000000000) / 10000000, 'unixepoch') AS "Day",
                        ("TakenAt" / 36000000000) % 24 AS "Hour",
                        ("Likes" + "Comments" + "Shares" + "Saves" + "Clicks") - COALESCE(LAG("Likes" + "Comments" + "Shares" + "Saves" + "Clicks") OVER (PARTITION BY "PostId" ORDER BY "TakenAt"), 0) AS "Growth"
                    FROM "PostMetricSnapshots"
                ) AS s
                GROUP BY "PostId", "Day";
                """);
            migrationBuilder.Sql("""
                UPDATE "PostMetricTotals" SET
                    "SevenDaysTakenAt" = (
                        SELECT MAX(s."TakenAt") FROM "PostMetricSnapshots" AS s JOIN "Posts" AS p ON p."Id" = s."PostId"
                        WHERE s."PostId" = "PostMetricTotals"."PostId" AND s."TakenAt" <= p."PublishedAt" + 6048000000000),
                    "ReachedSevenDays" = COALESCE((
                        SELECT MAX(s."TakenAt") >= MAX(p."PublishedAt") + 6048000000000
                        FROM "PostMetricSnapshots" AS s JOIN "Posts" AS p ON p."Id" = s."PostId"
                        WHERE s."PostId" = "PostMetricTotals"."PostId"), 0);
                """);
            migrationBuilder.Sql("""
                UPDATE "PostMetricTotals" SET "SevenDaysEngagements" = COALESCE((
                    SELECT s."Likes" + s."Comments" + s."Shares" + s."Saves" + s."Clicks" FROM "PostMetricSnapshots" AS s
                    WHERE s."PostId" = "PostMetricTotals"."PostId" AND s."TakenAt" = "PostMetricTotals"."SevenDaysTakenAt"), 0);
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "PostMetricDays");

            migrationBuilder.DropColumn(
                name: "ReachedSevenDays",
                table: "PostMetricTotals");

            migrationBuilder.DropColumn(
                name: "SevenDaysEngagements",
                table: "PostMetricTotals");

            migrationBuilder.DropColumn(
                name: "SevenDaysTakenAt",
                table: "PostMetricTotals");
        }
    }
}
