using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SocialOps.Core.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class PostMetricDaysByPostAndDay : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_PostMetricDays_PostId",
                table: "PostMetricDays");

            migrationBuilder.CreateIndex(
                name: "IX_PostMetricDays_PostId_Day",
                table: "PostMetricDays",
                columns: new[] { "PostId", "Day" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_PostMetricDays_PostId_Day",
                table: "PostMetricDays");

            migrationBuilder.CreateIndex(
                name: "IX_PostMetricDays_PostId",
                table: "PostMetricDays",
                column: "PostId");
        }
    }
}
