using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SocialOps.Core.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Connections : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "AvatarUrl",
                table: "PlatformAccounts",
                type: "TEXT",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "IsPaused",
                table: "PlatformAccounts",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<bool>(
                name: "IsSandbox",
                table: "PlatformAccounts",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "LastError",
                table: "PlatformAccounts",
                type: "TEXT",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "LastErrorAt",
                table: "PlatformAccounts",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "LastSuccessAt",
                table: "PlatformAccounts",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "MaxLength",
                table: "PlatformAccounts",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "MentionsCursor",
                table: "PlatformAccounts",
                type: "TEXT",
                maxLength: 300,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "RateLimitRemaining",
                table: "PlatformAccounts",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "RateLimitResetAt",
                table: "PlatformAccounts",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "RemovedAt",
                table: "PlatformAccounts",
                type: "INTEGER",
                nullable: true);

            // The demo's accounts publish into the Sandbox, behaving as their platforms.
            migrationBuilder.Sql("UPDATE \"PlatformAccounts\" SET \"IsSandbox\" = 1 WHERE \"IsDemo\" = 1;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "AvatarUrl",
                table: "PlatformAccounts");

            migrationBuilder.DropColumn(
                name: "IsPaused",
                table: "PlatformAccounts");

            migrationBuilder.DropColumn(
                name: "IsSandbox",
                table: "PlatformAccounts");

            migrationBuilder.DropColumn(
                name: "LastError",
                table: "PlatformAccounts");

            migrationBuilder.DropColumn(
                name: "LastErrorAt",
                table: "PlatformAccounts");

            migrationBuilder.DropColumn(
                name: "LastSuccessAt",
                table: "PlatformAccounts");

            migrationBuilder.DropColumn(
                name: "MaxLength",
                table: "PlatformAccounts");

            migrationBuilder.DropColumn(
                name: "MentionsCursor",
                table: "PlatformAccounts");

            migrationBuilder.DropColumn(
                name: "RateLimitRemaining",
                table: "PlatformAccounts");

            migrationBuilder.DropColumn(
                name: "RateLimitResetAt",
                table: "PlatformAccounts");

            migrationBuilder.DropColumn(
                name: "RemovedAt",
                table: "PlatformAccounts");
        }
    }
}
