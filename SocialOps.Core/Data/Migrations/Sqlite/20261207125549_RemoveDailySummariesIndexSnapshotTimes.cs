using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SocialOps.Core.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class RemoveDailySummariesIndexSnapshotTimes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "DailyPlatformSummaries");

            migrationBuilder.CreateIndex(
                name: "IX_PostMetricSnapshots_TakenAt",
                table: "PostMetricSnapshots",
                column: "TakenAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_PostMetricSnapshots_TakenAt",
                table: "PostMetricSnapshots");

            migrationBuilder.CreateTable(
                name: "DailyPlatformSummaries",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    AverageSentiment = table.Column<double>(type: "REAL", nullable: false),
                    Clicks = table.Column<long>(type: "INTEGER", nullable: false),
                    Comments = table.Column<long>(type: "INTEGER", nullable: false),
                    Day = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    EngagementRate = table.Column<double>(type: "REAL", nullable: false),
                    Followers = table.Column<long>(type: "INTEGER", nullable: false),
                    Impressions = table.Column<long>(type: "INTEGER", nullable: false),
                    Likes = table.Column<long>(type: "INTEGER", nullable: false),
                    NewFollowers = table.Column<long>(type: "INTEGER", nullable: false),
                    Platform = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    PostsPublished = table.Column<int>(type: "INTEGER", nullable: false),
                    Reach = table.Column<long>(type: "INTEGER", nullable: false),
                    Saves = table.Column<long>(type: "INTEGER", nullable: false),
                    Shares = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DailyPlatformSummaries", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_DailyPlatformSummaries_Platform_Day",
                table: "DailyPlatformSummaries",
                columns: new[] { "Platform", "Day" },
                unique: true);
        }
    }
}
