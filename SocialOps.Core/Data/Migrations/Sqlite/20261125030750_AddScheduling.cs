using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SocialOps.Core.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AddScheduling : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "SeriesAccountId",
                table: "Schedules",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SeriesContent",
                table: "Schedules",
                type: "TEXT",
                maxLength: 70000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SeriesHashtags",
                table: "Schedules",
                type: "TEXT",
                nullable: false,
                defaultValue: "[]");

            migrationBuilder.AddColumn<string>(
                name: "SeriesPlatform",
                table: "Schedules",
                type: "TEXT",
                maxLength: 32,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "SandboxPublications",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    PostId = table.Column<int>(type: "INTEGER", nullable: false),
                    IdempotencyKey = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Content = table.Column<string>(type: "TEXT", maxLength: 70000, nullable: false),
                    Hashtags = table.Column<string>(type: "TEXT", nullable: false),
                    PublishedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SandboxPublications", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "SchedulerHeartbeats",
                columns: table => new
                {
                    InstanceId = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    StartedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    LastSeenAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SchedulerHeartbeats", x => x.InstanceId);
                });

            migrationBuilder.CreateIndex(
                name: "IX_SandboxPublications_IdempotencyKey",
                table: "SandboxPublications",
                column: "IdempotencyKey");

            migrationBuilder.CreateIndex(
                name: "IX_SandboxPublications_PublishedAt",
                table: "SandboxPublications",
                column: "PublishedAt");

            migrationBuilder.CreateIndex(
                name: "IX_SchedulerHeartbeats_LastSeenAt",
                table: "SchedulerHeartbeats",
                column: "LastSeenAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "SandboxPublications");

            migrationBuilder.DropTable(
                name: "SchedulerHeartbeats");

            migrationBuilder.DropColumn(
                name: "SeriesAccountId",
                table: "Schedules");

            migrationBuilder.DropColumn(
                name: "SeriesContent",
                table: "Schedules");

            migrationBuilder.DropColumn(
                name: "SeriesHashtags",
                table: "Schedules");

            migrationBuilder.DropColumn(
                name: "SeriesPlatform",
                table: "Schedules");
        }
    }
}
