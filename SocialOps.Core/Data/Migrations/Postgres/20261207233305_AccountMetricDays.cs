using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SocialOps.Core.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class AccountMetricDays : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_SentimentResults_ReceivedAt_Label_Score",
                table: "SentimentResults");

            migrationBuilder.CreateTable(
                name: "AccountMetricDays",
                columns: table => new
                {
                    Day = table.Column<DateOnly>(type: "date", nullable: false),
                    Platform = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    AccountId = table.Column<int>(type: "integer", nullable: false),
                    H00 = table.Column<long>(type: "bigint", nullable: false),
                    H01 = table.Column<long>(type: "bigint", nullable: false),
                    H02 = table.Column<long>(type: "bigint", nullable: false),
                    H03 = table.Column<long>(type: "bigint", nullable: false),
                    H04 = table.Column<long>(type: "bigint", nullable: false),
                    H05 = table.Column<long>(type: "bigint", nullable: false),
                    H06 = table.Column<long>(type: "bigint", nullable: false),
                    H07 = table.Column<long>(type: "bigint", nullable: false),
                    H08 = table.Column<long>(type: "bigint", nullable: false),
                    H09 = table.Column<long>(type: "bigint", nullable: false),
                    H10 = table.Column<long>(type: "bigint", nullable: false),
                    H11 = table.Column<long>(type: "bigint", nullable: false),
                    H12 = table.Column<long>(type: "bigint", nullable: false),
                    H13 = table.Column<long>(type: "bigint", nullable: false),
                    H14 = table.Column<long>(type: "bigint", nullable: false),
                    H15 = table.Column<long>(type: "bigint", nullable: false),
                    H16 = table.Column<long>(type: "bigint", nullable: false),
                    H17 = table.Column<long>(type: "bigint", nullable: false),
                    H18 = table.Column<long>(type: "bigint", nullable: false),
                    H19 = table.Column<long>(type: "bigint", nullable: false),
                    H20 = table.Column<long>(type: "bigint", nullable: false),
                    H21 = table.Column<long>(type: "bigint", nullable: false),
                    H22 = table.Column<long>(type: "bigint", nullable: false),
                    H23 = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AccountMetricDays", x => new { x.Day, x.Platform, x.AccountId });
                });

            // Each account's days start as the sum of its posts' days, as the nightly repair would make them.
            migrationBuilder.Sql(
                """
                INSERT INTO "AccountMetricDays" ("Day", "Platform", "AccountId", "H00", "H01", "H02", "H03", "H04", "H05", "H06", "H07", "H08", "H09", "H10", "H11", "H12", "H13", "H14", "H15", "H16", "H17", "H18", "H19", "H20", "H21", "H22", "H23") SELECT d."Day", p."Platform", COALESCE(p."AccountId", 0), SUM(d."H00"), SUM(d."H01"), SUM(d."H02"), SUM(d."H03"), SUM(d."H04"), SUM(d."H05"), SUM(d."H06"), SUM(d."H07"), SUM(d."H08"), SUM(d."H09"), SUM(d."H10"), SUM(d."H11"), SUM(d."H12"), SUM(d."H13"), SUM(d."H14"), SUM(d."H15"), SUM(d."H16"), SUM(d."H17"), SUM(d."H18"), SUM(d."H19"), SUM(d."H20"), SUM(d."H21"), SUM(d."H22"), SUM(d."H23") FROM "PostMetricDays" d JOIN "Posts" p ON p."Id" = d."PostId" GROUP BY d."Day", p."Platform", COALESCE(p."AccountId", 0)
                """);

            migrationBuilder.CreateIndex(
                name: "IX_SentimentResults_ReceivedAt_Label_Score_ModelVersion",
                table: "SentimentResults",
                columns: new[] { "ReceivedAt", "Label", "Score", "ModelVersion" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AccountMetricDays");

            migrationBuilder.DropIndex(
                name: "IX_SentimentResults_ReceivedAt_Label_Score_ModelVersion",
                table: "SentimentResults");

            migrationBuilder.CreateIndex(
                name: "IX_SentimentResults_ReceivedAt_Label_Score",
                table: "SentimentResults",
                columns: new[] { "ReceivedAt", "Label", "Score" });
        }
    }
}
