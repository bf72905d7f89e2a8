using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace SocialOps.Core.Data.Migrations.Postgres
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
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    AverageSentiment = table.Column<double>(type: "double precision", nullable: false),
                    Clicks = table.Column<long>(type: "bigint", nullable: false),
                    Comments = table.Column<long>(type: "bigint", nullable: false),
                    Day = table.Column<DateOnly>(type: "date", nullable: false),
                    EngagementRate = table.Column<double>(type: "double precision", nullable: false),
                    Followers = table.Column<long>(type: "bigint", nullable: false),
                    Impressions = table.Column<long>(type: "bigint", nullable: false),
                    Likes = table.Column<long>(type: "bigint", nullable: false),
                    NewFollowers = table.Column<long>(type: "bigint", nullable: false),
                    Platform = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    PostsPublished = table.Column<int>(type: "integer", nullable: false),
                    Reach = table.Column<long>(type: "bigint", nullable: false),
                    Saves = table.Column<long>(type: "bigint", nullable: false),
                    Shares = table.Column<long>(type: "bigint", nullable: false)
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
