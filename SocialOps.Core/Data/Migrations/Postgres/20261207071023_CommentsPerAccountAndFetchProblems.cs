using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SocialOps.Core.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class CommentsPerAccountAndFetchProblems : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Interactions_AccountId",
                table: "Interactions");

            migrationBuilder.DropIndex(
                name: "IX_Interactions_Platform_ExternalId",
                table: "Interactions");

            migrationBuilder.AddColumn<string>(
                name: "CommentFetchError",
                table: "PlatformAccounts",
                type: "character varying(1000)",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "CommentFetchErrorAt",
                table: "PlatformAccounts",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "CommentFetchFailures",
                table: "PlatformAccounts",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            // Comments are now kept per account: one stored without its account (an import) belongs to its post's.
            migrationBuilder.Sql(
                """
                UPDATE "Interactions" SET "AccountId" = (SELECT p."AccountId" FROM "Posts" AS p WHERE p."Id" = "Interactions"."PostId")
                WHERE "AccountId" IS NULL AND "PostId" IS NOT NULL
                """);

            migrationBuilder.CreateIndex(
                name: "IX_Interactions_AccountId_Platform_ExternalId",
                table: "Interactions",
                columns: new[] { "AccountId", "Platform", "ExternalId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Interactions_Platform_ExternalId",
                table: "Interactions",
                columns: new[] { "Platform", "ExternalId" },
                unique: true,
                filter: "\"AccountId\" IS NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Interactions_AccountId_Platform_ExternalId",
                table: "Interactions");

            migrationBuilder.DropIndex(
                name: "IX_Interactions_Platform_ExternalId",
                table: "Interactions");

            migrationBuilder.DropColumn(
                name: "CommentFetchError",
                table: "PlatformAccounts");

            migrationBuilder.DropColumn(
                name: "CommentFetchErrorAt",
                table: "PlatformAccounts");

            migrationBuilder.DropColumn(
                name: "CommentFetchFailures",
                table: "PlatformAccounts");

            migrationBuilder.CreateIndex(
                name: "IX_Interactions_AccountId",
                table: "Interactions",
                column: "AccountId");

            migrationBuilder.CreateIndex(
                name: "IX_Interactions_Platform_ExternalId",
                table: "Interactions",
                columns: new[] { "Platform", "ExternalId" },
                unique: true);
        }
    }
}
