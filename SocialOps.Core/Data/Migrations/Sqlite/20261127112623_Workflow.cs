using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SocialOps.Core.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Workflow : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Posts_AccountId",
                table: "Posts");

            migrationBuilder.AddColumn<bool>(
                name: "InQueue",
                table: "Posts",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "ReviewComment",
                table: "Posts",
                type: "TEXT",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "QueueSlots",
                table: "PlatformAccounts",
                type: "TEXT",
                nullable: false,
                defaultValue: "[]");

            migrationBuilder.AddColumn<bool>(
                name: "RequiresApproval",
                table: "PlatformAccounts",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_Posts_AccountId_InQueue_ScheduledFor",
                table: "Posts",
                columns: new[] { "AccountId", "InQueue", "ScheduledFor" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Posts_AccountId_InQueue_ScheduledFor",
                table: "Posts");

            migrationBuilder.DropColumn(
                name: "InQueue",
                table: "Posts");

            migrationBuilder.DropColumn(
                name: "ReviewComment",
                table: "Posts");

            migrationBuilder.DropColumn(
                name: "QueueSlots",
                table: "PlatformAccounts");

            migrationBuilder.DropColumn(
                name: "RequiresApproval",
                table: "PlatformAccounts");

            migrationBuilder.CreateIndex(
                name: "IX_Posts_AccountId",
                table: "Posts",
                column: "AccountId");
        }
    }
}
