using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SocialOps.Core.Data.Migrations.Postgres
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
                type: "character varying(1000)",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "IsPaused",
                table: "PlatformAccounts",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<bool>(
                name: "IsSandbox",
                table: "PlatformAccounts",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "LastError",
                table: "PlatformAccounts",
                type: "character varying(1000)",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "LastErrorAt",
                table: "PlatformAccounts",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "LastSuccessAt",
                table: "PlatformAccounts",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "MaxLength",
                table: "PlatformAccounts",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "MentionsCursor",
                table: "PlatformAccounts",
                type: "character varying(300)",
                maxLength: 300,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "RateLimitRemaining",
                table: "PlatformAccounts",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "RateLimitResetAt",
                table: "PlatformAccounts",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "RemovedAt",
                table: "PlatformAccounts",
                type: "timestamp with time zone",
                nullable: true);

            // The demo's accounts publish into the Sandbox, behaving as their platforms.
            migrationBuilder.Sql("UPDATE \"PlatformAccounts\" SET \"IsSandbox\" = TRUE WHERE \"IsDemo\";");
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
